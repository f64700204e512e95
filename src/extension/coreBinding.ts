// Binds CoreApi to the core's modules: the one place the extension imports the parser, the
// runner and the reporters by path.
import { listEnvironments, parseDocument, planDocument, UnknownEnvironmentError } from '../core/parser/index';
import { summarize, toJsonReport, toJunit } from '../core/report/index';
import { runBatch, startBatch } from '../core/runner/index';
import type { CoreApi } from './core';

export const core: CoreApi = {
  parseDocument,
  planDocument,
  listEnvironments,
  isUnknownEnvironment: (err) => err instanceof UnknownEnvironmentError,
  runBatch,
  // Set Concurrency may raise the cap while the batch runs: the run's connection pool grows
  // with it (DispatcherPool.setPerHost), so it is made for the run's own cap, as in the CLI.
  startBatch,
  toJsonReport,
  toJunit,
  summarize,
};

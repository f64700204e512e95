// Binds CoreApi to the core's modules: the one place the extension imports the parser, the
// runner and the reporters by path.
import { listEnvironments, parseDocument, planDocument, UnknownEnvironmentError } from '../core/parser/index';
import { summarize, toJsonReport, toJunit } from '../core/report/index';
import { createDispatcherPool, runBatch, startBatch, type RunOptions } from '../core/runner/index';
import { MAX_CHOICE } from './model/concurrency';
import type { CoreApi } from './core';

export const core: CoreApi = {
  parseDocument,
  planDocument,
  listEnvironments,
  isUnknownEnvironment: (err) => err instanceof UnknownEnvironmentError,
  runBatch,
  // Set Concurrency may raise the cap while the batch runs: the connection pool leaves the
  // per-origin cap to the runner's scheduler (it opens no more connections than are in flight).
  startBatch: (plan, options: RunOptions) =>
    startBatch(plan, { dispatchers: (o) => createDispatcherPool({ ...o, perHost: Math.max(o.perHost, MAX_CHOICE) }), ...options }),
  toJsonReport,
  toJunit,
  summarize,
};

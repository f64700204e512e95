// TEMPORARY: binds CoreApi while the parser, runner and reporters are not yet on main.
// Replaced by imports of src/core/parser, src/core/runner and src/core/report at the merge.
import type { CoreApi } from './core';

const MISSING = 'Batch HTTP: this build has no runner yet.';

export const core: CoreApi = {
  parseDocument: () => ({ blocks: [], batchSettings: {}, diagnostics: [] }),
  buildPlan: async () => {
    throw new Error(MISSING);
  },
  listEnvironments: async () => [],
  isUnknownEnvironment: () => false,
  runBatch: async () => {
    throw new Error(MISSING);
  },
  toJsonReport: (report) => JSON.stringify(report),
  toJunit: () => {
    throw new Error(MISSING);
  },
};

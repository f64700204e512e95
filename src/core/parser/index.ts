// The parser's public API: syntax (`parseDocument`), planning (`buildPlan`), environments
// and the `batch-http parse` JSON.
export { parseDocument } from './document';
export { buildPlan, planDocument, type PlanOptions } from './plan';
export { planSize } from './lazy';
export { listEnvironments, UnknownEnvironmentError } from './env';
export { planToJson, bodyJson } from './json';
export { durationTooLong, MAX_DURATION_MS, parseDuration, parseRate, parseIntIn, isStatusList, statusMatches, NAME_PATTERN } from './values';
export { effectiveBatchSettings, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, FORMAT_DEFAULTS } from './settings';
export { splitTemplate, compileTemplate } from './template';
export { matchResponseRef, type ResponseRef } from './resolver';
export { MAX_REQUESTS } from './plan';
export type * from './model';

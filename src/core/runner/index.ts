// Public API of the runner.
export { runBatch, startBatch, type BatchHandle } from './start';
export { ConcurrencyLimiter, DEFAULT_MAX_CONCURRENCY, INITIAL_LIMIT } from './limiter';
export type { RunOptions } from './options';
export { DEFAULT_MAX_BODY_BYTES } from './options';
export { createDispatcherPool, DispatcherPool, type DispatcherFactory, type DispatcherOptions, type DispatcherSource } from './dispatcher';
export { decide, type AttemptOutcome, type Decision, type RequestState } from './lifecycle';
export { substituteResponseRefs, hasResponseRef, type ResponseSource, type ResponseLookup } from './refs';
export * from './errors';

// Effective settings: overrides (CLI options, editor choices) win over directives, which win
// over the defaults.
import type { BatchSettings, SettingsOverrides } from '../types';
import { DEFAULT_AUTO_MAX } from './directives';
import type { BatchDirectiveSettings, RequestDirectiveSettings } from './model';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 2;

export function effectiveBatchSettings(file: BatchDirectiveSettings, ov: SettingsOverrides = {}): BatchSettings {
  const { concurrency, adaptive } = effectiveConcurrency(file, ov);
  return {
    concurrency,
    ...(adaptive ? { adaptive } : {}),
    perHost: ov.perHost ?? file.perHost ?? concurrency,
    timeoutMs: ov.timeoutMs ?? file.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: ov.deadlineMs !== undefined ? ov.deadlineMs : (file.deadlineMs ?? null),
    retries: ov.retries ?? file.retries ?? DEFAULT_RETRIES,
    rate: ov.rate !== undefined ? ov.rate : (file.rate ?? null),
    bail: ov.bail ?? file.bail ?? false,
  };
}

/**
 * The cap and whether it adapts: `-c auto[:MAX]` (overrides.adaptive) or a number given as
 * an override wins over `@concurrency`; `auto` without MAX caps at 256.
 */
export function effectiveConcurrency(file: BatchDirectiveSettings, ov: SettingsOverrides): { concurrency: number; adaptive: boolean } {
  if (ov.adaptive === true) return { concurrency: ov.concurrency ?? DEFAULT_AUTO_MAX, adaptive: true };
  if (ov.concurrency !== undefined) return { concurrency: ov.concurrency, adaptive: false };
  if (file.adaptive === true) return { concurrency: file.concurrency ?? DEFAULT_AUTO_MAX, adaptive: true };
  return { concurrency: file.concurrency ?? DEFAULT_CONCURRENCY, adaptive: false };
}

/** A request's timeout and retries: override, then its own directive, then the batch default. */
export function requestTimeouts(
  req: RequestDirectiveSettings,
  batch: BatchSettings,
  ov: SettingsOverrides = {},
): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: ov.timeoutMs ?? req.timeoutMs ?? batch.timeoutMs,
    retries: ov.retries ?? req.retries ?? batch.retries,
  };
}

// Effective settings: overrides (CLI options, editor choices) win over directives, which win
// over the defaults.
import type { BatchSettings, SettingsOverrides } from '../types';
import type { BatchDirectiveSettings, RequestDirectiveSettings } from './model';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 2;

export function effectiveBatchSettings(file: BatchDirectiveSettings, ov: SettingsOverrides = {}): BatchSettings {
  const concurrency = ov.concurrency ?? file.concurrency ?? DEFAULT_CONCURRENCY;
  const settings: BatchSettings = {
    concurrency,
    perHost: ov.perHost ?? file.perHost ?? concurrency,
    timeoutMs: ov.timeoutMs ?? file.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: ov.deadlineMs !== undefined ? ov.deadlineMs : (file.deadlineMs ?? null),
    retries: ov.retries ?? file.retries ?? DEFAULT_RETRIES,
    rate: ov.rate !== undefined ? ov.rate : (file.rate ?? null),
    bail: ov.bail ?? file.bail ?? false,
  };
  // Present only when not the default (the plan's settings keep the fields of cli.md otherwise).
  if (ov.http2 ?? file.http2) settings.http2 = true;
  if (file.cookieJar === false) settings.cookieJar = false;
  return settings;
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

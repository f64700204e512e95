// Effective settings, one layer over the next: overrides (CLI options, the editor's Set
// Concurrency) win over the file's directives, which win over the host's defaults (the
// editor's `batchHttp.*` settings), which win over the format's defaults. The format's
// defaults are declared here and nowhere else.
import type { BatchSettings, PlanDefaults, SettingsLayer } from '../types';
import { DEFAULT_AUTO_MAX } from './directives';
import type { RequestDirectiveSettings } from './model';

/** The format's defaults (spec section 4); `perHost` follows the effective concurrency. */
export const FORMAT_DEFAULTS: Readonly<Omit<BatchSettings, 'perHost'> & { followRedirects: boolean }> = Object.freeze({
  concurrency: 8,
  timeoutMs: 30_000,
  deadlineMs: null,
  retries: 2,
  rate: null,
  bail: false,
  followRedirects: true,
});

export const DEFAULT_CONCURRENCY = FORMAT_DEFAULTS.concurrency;
export const DEFAULT_TIMEOUT_MS = FORMAT_DEFAULTS.timeoutMs;
export const DEFAULT_RETRIES = FORMAT_DEFAULTS.retries;

/** The first layer that gives `key` (undefined counts as not given; null is a value). */
function pick<K extends keyof BatchSettings>(key: K, layers: readonly SettingsLayer[]): BatchSettings[K] | undefined {
  for (const layer of layers) if (layer[key] !== undefined) return layer[key];
  return undefined;
}

/**
 * The batch settings of a run from the file's directives and the host's layers. A default
 * `perHost` above the effective concurrency is lowered to it (it would not cap anything);
 * a written or overriding one is kept as given.
 */
export function effectiveBatchSettings(file: SettingsLayer, overrides: SettingsLayer = {}, defaults: PlanDefaults = {}): BatchSettings {
  const given = [overrides, file];
  const all = [overrides, file, defaults, FORMAT_DEFAULTS];
  const { concurrency, adaptive } = effectiveConcurrency(file, overrides, defaults);
  const defaultPerHost = defaults.perHost === undefined ? concurrency : Math.min(defaults.perHost, concurrency);
  const circuitBreaker = pick('circuitBreaker', all);
  const settings: BatchSettings = {
    ...(circuitBreaker === undefined ? {} : { circuitBreaker }),
    concurrency,
    ...(adaptive ? { adaptive } : {}),
    perHost: pick('perHost', given) ?? defaultPerHost,
    timeoutMs: pick('timeoutMs', all)!,
    deadlineMs: pick('deadlineMs', all) ?? null,
    retries: pick('retries', all)!,
    rate: pick('rate', all) ?? null,
    bail: pick('bail', all)!,
    // `@traceparent` (section 10): present only when on, so the settings of a batch without it read as before.
    ...(pick('traceparent', all) === true && { traceparent: true }),
  };
  // Present only when not the default (the plan's settings keep the fields of cli.md otherwise).
  if (pick('http2', all)) settings.http2 = true;
  if (file.cookieJar === false) settings.cookieJar = false;
  return settings;
}

/**
 * The cap and whether it adapts. The first layer that gives `concurrency` or `adaptive: true`
 * decides: `-c 8` beats a file's `auto`, `-c auto` a file's number. A layer with `adaptive:
 * true` gives MAX in its `concurrency` (256 when it gives none).
 */
export function effectiveConcurrency(
  file: SettingsLayer,
  overrides: SettingsLayer = {},
  defaults: SettingsLayer = {},
): { concurrency: number; adaptive: boolean } {
  for (const layer of [overrides, file, defaults]) {
    if (layer.adaptive === true) return { concurrency: layer.concurrency ?? DEFAULT_AUTO_MAX, adaptive: true };
    if (layer.concurrency !== undefined) return { concurrency: layer.concurrency, adaptive: false };
  }
  return { concurrency: FORMAT_DEFAULTS.concurrency, adaptive: false };
}

/** A request's timeout and retries: override, then its own directive, then the batch's (which holds the defaults). */
export function requestTimeouts(
  req: RequestDirectiveSettings,
  batch: BatchSettings,
  overrides: SettingsLayer = {},
): { timeoutMs: number; retries: number } {
  return {
    timeoutMs: overrides.timeoutMs ?? req.timeoutMs ?? batch.timeoutMs,
    retries: overrides.retries ?? req.retries ?? batch.retries,
  };
}

/** Whether a request follows redirects: `@no-redirect`, then the host's default, then the format's. */
export function followsRedirects(req: RequestDirectiveSettings, defaults: PlanDefaults = {}): boolean {
  return req.followRedirects ?? defaults.followRedirects ?? FORMAT_DEFAULTS.followRedirects;
}

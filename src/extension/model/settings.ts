// Which value wins for a run started from the editor: the user's explicit choice for the
// session (Set Concurrency) over the file's directives over the `batchHttp.*` settings over
// the format's defaults. No `vscode` import: the host reads the configuration into
// `UserSettings`; this module turns it into the planner's layers (`defaults`, `overrides`)
// and the core's planner does the merge (core/parser/settings.ts, the one place).
import { effectiveConcurrency as coreConcurrency, FORMAT_DEFAULTS } from '../../core/parser/settings';
import { BREAKER_THRESHOLD } from '../../core/runner/breaker';
import type { PlanDefaults, SettingsLayer, SettingsOverrides } from '../../core/types';
import { AUTO_MAX, type ConcurrencyValue } from './concurrency';

export type PlainHttpLens = 'auto' | 'on' | 'off';
/** When a run shows the Results view: on the first run of the session, on every run, never. */
export type RevealResults = 'first' | 'always' | 'never';

function revealOf(v: unknown, fallback: RevealResults): RevealResults {
  return v === 'first' || v === 'always' || v === 'never' ? v : fallback;
}

function plainHttpLensOf(v: unknown, fallback: PlainHttpLens): PlainHttpLens {
  return v === 'auto' || v === 'on' || v === 'off' ? v : fallback;
}

export interface UserSettings {
  /** A fixed cap or 'auto' (adaptive, up to 256). */
  concurrency: ConcurrencyValue;
  /** null: same as the concurrency. */
  perHost: number | null;
  timeoutMs: number;
  retries: number;
  /** Request starts per second; 0 or less: no limit. */
  rateLimit: number;
  followRedirects: boolean;
  maxBodyBytes: number;
  rejectUnauthorized: boolean;
  /** Offer HTTP/2 over TLS (as `@http2`). */
  http2: boolean;
  environment: string | null;
  keepRuns: number;
  codeLensEnabled: boolean;
  /** `batchHttp.traceparent`: a W3C traceparent header on every attempt, as `@traceparent`. */
  traceparent: boolean;
  /** CodeLenses on plain `.http` / `.rest` files: `auto` (when no other HTTP extension provides them), `on`, `off`. */
  plainHttpLens: PlainHttpLens;
  /** Failures to connect in a row that open an origin's circuit; null: off (the setting's 0). */
  circuitBreaker: number | null;
  /** Open the response beside the editor after running one request. */
  showResponse: boolean;
  revealResults: RevealResults;
}

export const DEFAULT_USER_SETTINGS: Readonly<UserSettings> = {
  concurrency: FORMAT_DEFAULTS.concurrency,
  perHost: null,
  timeoutMs: FORMAT_DEFAULTS.timeoutMs,
  retries: FORMAT_DEFAULTS.retries,
  rateLimit: 0,
  followRedirects: FORMAT_DEFAULTS.followRedirects,
  maxBodyBytes: 1024 * 1024,
  rejectUnauthorized: true,
  http2: false,
  environment: null,
  keepRuns: 5,
  codeLensEnabled: true,
  traceparent: false,
  plainHttpLens: 'auto',
  circuitBreaker: BREAKER_THRESHOLD,
  showResponse: true,
  revealResults: 'first',
};

/** Reads `batchHttp.*` values (by key without the prefix), falling back to defaults on anything invalid. */
export function readUserSettings(get: (key: string) => unknown): UserSettings {
  const d = DEFAULT_USER_SETTINGS;
  const perHost = get('perHost');
  const env = get('environment');
  return {
    concurrency: get('concurrency') === 'auto' ? 'auto' : int(get('concurrency'), 1, 1024, FORMAT_DEFAULTS.concurrency),
    perHost: perHost === null || perHost === undefined ? null : int(perHost, 1, 1024, 1),
    timeoutMs: int(get('timeout'), 1, 24 * 3600_000, d.timeoutMs),
    retries: int(get('retries'), 0, 20, d.retries),
    rateLimit: num(get('rateLimit'), 0, 1e6, d.rateLimit),
    followRedirects: bool(get('followRedirects'), d.followRedirects),
    maxBodyBytes: int(get('maxBodyBytes'), 0, 2 ** 31 - 1, d.maxBodyBytes),
    rejectUnauthorized: bool(get('rejectUnauthorized'), d.rejectUnauthorized),
    http2: bool(get('http2'), d.http2),
    environment: typeof env === 'string' && env.trim() !== '' ? env.trim() : null,
    keepRuns: int(get('keepRuns'), 1, 100, d.keepRuns),
    codeLensEnabled: bool(get('codeLens.enabled'), d.codeLensEnabled),
    traceparent: bool(get('traceparent'), d.traceparent),
    plainHttpLens: plainHttpLensOf(get('codeLens.plainHttp'), d.plainHttpLens),
    circuitBreaker: breakerOf(get('circuitBreaker')),
    showResponse: bool(get('showResponse'), d.showResponse),
    revealResults: revealOf(get('revealResults'), d.revealResults),
  };
}

/** The user's explicit choice for the session (Set Concurrency): a fixed cap or 'auto'. */
export interface ExplicitChoice {
  concurrency?: ConcurrencyValue;
}

/** A concurrency choice as a settings layer: 'auto' is adaptive up to AUTO_MAX. */
export function concurrencyLayer(value: ConcurrencyValue): SettingsLayer {
  return value === 'auto' ? { adaptive: true, concurrency: AUTO_MAX } : { concurrency: value };
}

/** The `batchHttp.*` settings as the planner's defaults layer (the file's directives win over them). */
export function userDefaults(user: UserSettings): PlanDefaults {
  return {
    ...concurrencyLayer(user.concurrency),
    ...(user.perHost === null ? {} : { perHost: user.perHost }),
    timeoutMs: user.timeoutMs,
    retries: user.retries,
    rate: user.rateLimit > 0 ? user.rateLimit : null,
    followRedirects: user.followRedirects,
    // `batchHttp.traceparent` turns trace context on; off, it leaves the file's `@traceparent` alone.
    ...(user.traceparent ? { traceparent: true } : {}),
    // The setting offers HTTP/2 like `@http2`; off, it leaves the file's `@http2` alone.
    ...(user.http2 ? { http2: true } : {}),
    ...(user.circuitBreaker === BREAKER_THRESHOLD ? {} : { circuitBreaker: user.circuitBreaker }),
  };
}

/** `batchHttp.circuitBreaker`: a count from 1, 0 or "off" for off; anything else the default. */
function breakerOf(v: unknown): number | null {
  if (v === 0 || v === 'off') return null;
  return int(v, 1, 1_000_000, BREAKER_THRESHOLD);
}

/** The planner's layers for a run from the editor. */
export function planLayers(user: UserSettings, explicit: ExplicitChoice = {}): { defaults: PlanDefaults; overrides: SettingsOverrides } {
  return { defaults: userDefaults(user), overrides: explicit.concurrency === undefined ? {} : concurrencyLayer(explicit.concurrency) };
}

/** The concurrency a run would use (the CodeLens title), without planning: the planner's own merge. */
export function effectiveConcurrency(batch: SettingsLayer, user: UserSettings, explicit: ExplicitChoice = {}): ConcurrencyValue {
  const { defaults, overrides } = planLayers(user, explicit);
  const { concurrency, adaptive } = coreConcurrency(batch, overrides, defaults);
  return adaptive ? 'auto' : concurrency;
}

function int(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : fallback;
}

function num(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

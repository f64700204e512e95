// Which value wins for a run started from the editor: the user's explicit choice for the
// session (Set Concurrency) over the file's directives over the `batchHttp.*` settings over
// the format's defaults. No `vscode` import: the host reads the configuration into
// `UserSettings` and this module does the merge.
import type { BatchPlan, PlannedRequest } from '../../core/types';
import { AUTO_MAX, type ConcurrencyValue } from './concurrency';

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
  environment: string | null;
  keepRuns: number;
  codeLensEnabled: boolean;
}

export const DEFAULT_USER_SETTINGS: Readonly<UserSettings> = {
  concurrency: 8,
  perHost: null,
  timeoutMs: 30_000,
  retries: 2,
  rateLimit: 0,
  followRedirects: true,
  maxBodyBytes: 1024 * 1024,
  rejectUnauthorized: true,
  environment: null,
  keepRuns: 5,
  codeLensEnabled: true,
};

/** Reads `batchHttp.*` values (by key without the prefix), falling back to defaults on anything invalid. */
export function readUserSettings(get: (key: string) => unknown): UserSettings {
  const d = DEFAULT_USER_SETTINGS;
  const perHost = get('perHost');
  const env = get('environment');
  return {
    concurrency: get('concurrency') === 'auto' ? 'auto' : int(get('concurrency'), 1, 1024, 8),
    perHost: perHost === null || perHost === undefined ? null : int(perHost, 1, 1024, 1),
    timeoutMs: int(get('timeout'), 1, 24 * 3600_000, d.timeoutMs),
    retries: int(get('retries'), 0, 20, d.retries),
    rateLimit: num(get('rateLimit'), 0, 1e6, d.rateLimit),
    followRedirects: bool(get('followRedirects'), d.followRedirects),
    maxBodyBytes: int(get('maxBodyBytes'), 0, 2 ** 31 - 1, d.maxBodyBytes),
    rejectUnauthorized: bool(get('rejectUnauthorized'), d.rejectUnauthorized),
    environment: typeof env === 'string' && env.trim() !== '' ? env.trim() : null,
    keepRuns: int(get('keepRuns'), 1, 100, d.keepRuns),
    codeLensEnabled: bool(get('codeLens.enabled'), d.codeLensEnabled),
  };
}

/** What the file's header wrote (undefined: not written); `parseDocument(...).batchSettings` fits. */
export interface WrittenBatchSettings {
  /** The fixed cap, or MAX with `adaptive` (`@concurrency auto [MAX]`). */
  concurrency?: number;
  adaptive?: boolean;
  perHost?: number;
  timeoutMs?: number;
  retries?: number;
  rate?: number;
}

/** What a request block wrote; `parseDocument(...).blocks[i].settings` fits. */
export interface WrittenRequestSettings {
  timeoutMs?: number;
  retries?: number;
}

export interface ExplicitChoice {
  concurrency?: ConcurrencyValue;
}

/**
 * The plan to run: settings the file did not write come from the user's settings; request
 * timeouts and retries that the request and the header did not write follow them too; the
 * explicit concurrency wins over everything. `followRedirects: false` turns redirects off
 * for every request. Returns a new plan; the input is not changed.
 */
export function applyUserSettings(
  plan: BatchPlan,
  written: { batch: WrittenBatchSettings; blocks: readonly (WrittenRequestSettings | undefined)[] },
  user: UserSettings,
  explicit: ExplicitChoice = {},
): BatchPlan {
  const b = written.batch;
  const { concurrency, adaptive } = chosenCaps(b, user, explicit);
  const perHost = Math.min(b.perHost ?? user.perHost ?? concurrency, concurrency);
  const rate = b.rate !== undefined ? plan.settings.rate : user.rateLimit > 0 ? user.rateLimit : null;
  const timeoutMs = b.timeoutMs ?? user.timeoutMs;
  const retries = b.retries ?? user.retries;
  const requests = plan.requests.map((r): PlannedRequest => {
    const own = written.blocks[r.blockIndex];
    const next: PlannedRequest = { ...r };
    if (own?.timeoutMs === undefined && b.timeoutMs === undefined) next.timeoutMs = user.timeoutMs;
    if (own?.retries === undefined && b.retries === undefined) next.retries = user.retries;
    if (!user.followRedirects) next.followRedirects = false;
    return next;
  });
  const settings = { ...plan.settings, concurrency, perHost, rate, timeoutMs, retries };
  if (adaptive) settings.adaptive = true;
  else delete settings.adaptive;
  return { ...plan, settings, requests };
}

/** The cap and whether it adapts: the explicit choice, else the file's `@concurrency`, else the setting. */
function chosenCaps(b: WrittenBatchSettings, user: UserSettings, explicit: ExplicitChoice): { concurrency: number; adaptive: boolean } {
  const fromFile = b.concurrency === undefined ? undefined : b.adaptive ? 'file-auto' : b.concurrency;
  const value = explicit.concurrency ?? fromFile ?? user.concurrency;
  if (value === 'file-auto') return { concurrency: b.concurrency!, adaptive: true };
  if (value === 'auto') return { concurrency: AUTO_MAX, adaptive: true };
  return { concurrency: value, adaptive: false };
}

/** The concurrency a run would use (the CodeLens title), without planning. */
export function effectiveConcurrency(batch: WrittenBatchSettings, user: UserSettings, explicit: ExplicitChoice = {}): ConcurrencyValue {
  if (explicit.concurrency !== undefined) return explicit.concurrency;
  if (batch.concurrency !== undefined) return batch.adaptive ? 'auto' : batch.concurrency;
  return user.concurrency;
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

// How eagerly V8 optimizes the program during a short run. V8 sends a function to its
// optimizing compiler once the function has used up its "interrupt budget" (an amount of
// bytecode run); that default suits pages that live for minutes. A run of a few thousand
// requests runs its per-request code only that many times, and the compiling thread then
// costs more CPU than the faster code saves: with four times Node 20's default budget, runs
// of 500 and 2,000 requests took 9-14% less CPU time (README, Performance). From 3,000
// requests on, the default was as fast or faster, so larger runs keep it.
// `BATCH_HTTP_V8_TIERING=0` keeps the base budget for every run.
import { setFlagsFromString } from 'node:v8';
import type { Logger } from '../core/types';

/** The largest run (requests to send) that gets the larger budget. */
export const SHORT_RUN_MAX_REQUESTS = 2500;

/** Node 20's default budget (66 KB of bytecode). */
export const BASE_INTERRUPT_BUDGET = 67_584;

/** The budget of a short run: four times the base. */
export const SHORT_RUN_INTERRUPT_BUDGET = 4 * BASE_INTERRUPT_BUDGET;

/**
 * The flag the launcher sets at start and again before it writes the code cache: V8 takes a
 * cache only under the flags it was made with, and a short run changes this one meanwhile.
 * (On Node 20 it is the default; on other versions it pins the budget to Node 20's.)
 */
export const BASE_TIERING_FLAG = `--interrupt-budget=${BASE_INTERRUPT_BUDGET}`;

/** The V8 flag for a run of `requests` requests, or null to keep V8's default. */
export function tieringFlag(requests: number, env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.BATCH_HTTP_V8_TIERING === '0') return null;
  if (!Number.isFinite(requests) || requests < 1 || requests > SHORT_RUN_MAX_REQUESTS) return null;
  return `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`;
}

/**
 * Sets the flag for a run of `requests` requests, before the run's code first runs (functions
 * take the budget when they start to run). Says on the debug log what it chose.
 */
export function tuneTiering(requests: number, env: Readonly<Record<string, string | undefined>>, logger: Pick<Logger, 'debug'>, setFlags: (flags: string) => void = setFlagsFromString): void {
  const flag = tieringFlag(requests, env);
  if (flag === null) {
    logger.debug(`V8 tiering: default for a run of ${requests} requests`);
    return;
  }
  setFlags(flag);
  logger.debug(`V8 tiering: ${flag} for a run of ${requests} requests (at most ${SHORT_RUN_MAX_REQUESTS}; BATCH_HTTP_V8_TIERING=0 turns this off)`);
}

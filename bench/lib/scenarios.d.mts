import type { Target } from './report.mjs';
export interface Scenario {
  id: string;
  title: string;
  count: number;
  delayMs: number;
  concurrency: number;
  responseBytes: number;
  named: boolean;
  foreach: boolean;
  /** A resume scenario: the rows of the first (unmeasured) run; `count` is what the resumed run sends. */
  resumeOf: number;
  assertions: boolean;
  /** Runs round by round with this scenario (runGroups), for a paired target. */
  pairedWith: string | null;
  tools: string[];
  timeoutMs: number;
}
export const TOOL_NAMES: Record<string, string>;
export function benchPlan(options?: { quick?: boolean; peers?: boolean; big?: boolean }): { scenarios: Scenario[]; targets: Target[] };
export const PAIRED_RUNS: { full: number; quick: number };
export function runGroups<S extends { id: string; pairedWith?: string | null }>(scenarios: readonly S[]): S[][];

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
  tools: string[];
  timeoutMs: number;
}
export const TOOL_NAMES: Record<string, string>;
export function benchPlan(options?: { quick?: boolean; peers?: boolean; big?: boolean }): { scenarios: Scenario[]; targets: Target[] };

import type { Target } from './report.mjs';
export interface Scenario {
  id: string;
  title: string;
  count: number;
  delayMs: number;
  concurrency: number;
  responseBytes: number;
  named: boolean;
  assertions: boolean;
  tools: string[];
  timeoutMs: number;
}
export const TOOL_NAMES: Record<string, string>;
export function benchPlan(options?: { quick?: boolean; peers?: boolean }): { scenarios: Scenario[]; targets: Target[] };

export interface RunRecord {
  scenario: string;
  tool: string;
  wallMs: number;
  peakRssKb: number | null;
  cpuMs?: number | null;
  received: number | null;
  ok: boolean;
  note?: string;
  /** The round of a pair of scenarios run round by round (runGroups). */
  round?: number;
}
export interface ScenarioLike {
  id: string;
  title: string;
  count: number;
  concurrency: number;
  tools: string[];
}
export interface Summary {
  scenario: string;
  tool: string;
  title: string;
  count: number;
  concurrency: number;
  runs: number;
  wallMs: number | null;
  minWallMs: number;
  maxWallMs: number;
  requestsPerSecond: number | null;
  peakRssMb: number | null;
  cpuMs: number | null;
  received: (number | null)[];
  allOk: boolean;
}
export interface CaseRef {
  scenario: string;
  tool: string;
}
export interface Target {
  label: string;
  metric: 'wallMs' | 'peakRssMb' | 'cpuMs';
  of: CaseRef;
  over?: CaseRef;
  op: '<=' | '<' | '>=';
  limit: number;
  unit: 'x' | 'MB';
  /** The value is the median of the per-round ratios of the runs (pairedValue). */
  paired?: boolean;
}
export interface TargetResult extends Target {
  value: number | null;
  /** The same ratio computed from CPU time (wall-time targets only), for information. */
  cpuValue: number | null;
  verdict: 'PASS' | 'FAIL' | 'n/a';
  /** A paired target's bootstrap 90% interval of the median, and how many rounds it had. */
  interval?: [number, number];
  rounds?: number;
}
export function pairedValue(runs: readonly RunRecord[], target: Target): { value: number; interval: [number, number]; rounds: number } | null;
export function median(values: readonly (number | null | undefined)[]): number | null;
export function summarize(runs: readonly RunRecord[], scenarios: readonly ScenarioLike[]): Summary[];
export function evaluateTargets(summaries: readonly Summary[], targets: readonly Target[], runs?: readonly RunRecord[]): TargetResult[];
export function renderResultsTable(summaries: readonly Summary[], toolNames?: Record<string, string>): string;
export function renderTargetsTable(results: readonly TargetResult[]): string;
export function renderReport(input: {
  title: string;
  command: string;
  machine: string;
  summaries: readonly Summary[];
  targets: readonly TargetResult[];
  toolNames?: Record<string, string>;
  notes?: readonly string[];
}): string;

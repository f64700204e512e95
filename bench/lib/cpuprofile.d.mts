export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}
export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; source: string; line: number; selfMs: number }[];
  areas: { area: string; selfMs: number }[];
}
export function areaOf(source: string): string;
export function summarizeProfile(
  profile: CpuProfile,
  mapPosition?: (url: string, line0: number, column0: number) => { source: string; line: number } | null,
): ProfileSummary;
export function renderProfile(summary: ProfileSummary, limit?: number): string;

export interface Phase { name: string; ms: number }
export function profilePhases(
  profile: unknown,
  mapPosition: (url: string, line0: number, column0: number) => { source: string; line: number } | null,
  spawnUs: number,
  wallMs: number,
): { phases: Phase[]; marks: Record<string, number> };
export function renderPhases(result: { phases: Phase[] }, wallMs: number): string;

// Where the end-to-end test leaves its evidence: screenshots, the editor's log, and a marker
// that .ci/run checks to know the test really ran (a skipped test writes none).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MARKER_NAME = 'e2e-ran.json';

export interface RunMarker {
  ranAt: string;
  passed: boolean;
  scenarios: { name: string; passed: boolean; error?: string }[];
  vsix: string;
  codeServerVersion: string;
  durationMs: number;
}

export function resetResultsDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function writeMarker(dir: string, marker: RunMarker): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER_NAME), JSON.stringify(marker, null, 2) + '\n');
}

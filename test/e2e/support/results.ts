// Where the end-to-end tests leave their evidence (screenshots, logs) and the marker that
// .ci/run checks to know a test really ran: each test has its own folder under
// test-results/e2e/ and writes `ran.json` there when it ran (a skipped test writes none).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MARKER_NAME = 'ran.json';

export interface RunMarker {
  ranAt: string;
  passed: boolean;
  scenarios: { name: string; passed: boolean; error?: string }[];
  codeServerVersion: string;
  durationMs: number;
  [detail: string]: unknown;
}

export function resultsDir(repoRoot: string, name: 'editor' | 'extension-host' | 'restricted' | 'features' | 'features-more' | 'features-third'): string {
  return join(repoRoot, 'test-results', 'e2e', name);
}

export function resetResultsDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function writeMarker(dir: string, marker: RunMarker): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER_NAME), JSON.stringify(marker, null, 2) + '\n');
}

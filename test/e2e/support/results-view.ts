// Reading the extension's "Results" tree: the latest run's request rows and their states.
import type { ExpectedRow } from './fixture';
import { waitFor } from './wait';
import type { TreeRow, Workbench } from './workbench';

export const RESULTS_VIEW = 'Results';

/**
 * The request rows of the newest run. The tree holds run nodes with their requests as
 * children; the newest run comes first. A tree without run nodes is read as a flat list.
 */
export function latestRunRequests(rows: TreeRow[]): TreeRow[] {
  if (rows.length === 0) return [];
  const top = Math.min(...rows.map((r) => r.level));
  const first = rows.findIndex((r) => r.level === top);
  const children: TreeRow[] = [];
  for (const row of rows.slice(first + 1)) {
    if (row.level <= top) break;
    if (row.level === top + 1) children.push(row);
  }
  return children.length > 0 || rows[first]?.expanded !== null ? children : rows.filter((r) => r.level === top);
}

export function describeRows(rows: TreeRow[]): string {
  return JSON.stringify(rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.label} | ${r.description} | ${r.icons.join(',')}`));
}

/** Shows the Results view (through its container in the activity bar). */
export async function showResults(wb: Workbench): Promise<void> {
  if (await wb.viewPane(RESULTS_VIEW).isVisible()) return;
  await wb.runCommand('View: Show Batch HTTP');
  await wb.viewPane(RESULTS_VIEW).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Waits until the newest run's rows match `expected` (each label once, in any order, with its final description). */
export async function waitForRunRows(wb: Workbench, expected: ExpectedRow[], timeoutMs = 60_000): Promise<TreeRow[]> {
  return waitFor(
    `the Results tree to list ${expected.length} finished requests: ${expected.map((e) => `${e.label} -> ${e.description}`).join('; ')}`,
    async () => {
      const rows = latestRunRequests(await wb.treeRows(RESULTS_VIEW));
      if (rows.length !== expected.length) return undefined;
      return matchesAll(rows, expected) ? rows : undefined;
    },
    { timeoutMs, describe: async () => describeRows(await wb.treeRows(RESULTS_VIEW)) },
  );
}

function matchesAll(rows: TreeRow[], expected: ExpectedRow[]): boolean {
  const left = [...rows];
  for (const e of expected) {
    const at = left.findIndex((r) => r.label === e.label && e.description.test(r.description));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return left.length === 0;
}

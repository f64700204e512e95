// The Problems panel for the fixture's broken.batch.http, shared by the editor tests.
import { waitFor } from './wait';
import type { ProblemRow, Workbench } from './workbench';

/** Opens `brokenFile`, focuses Problems and waits for at least two errors; returns the rows. */
export async function brokenFileProblems(wb: Workbench, brokenFile: string): Promise<ProblemRow[]> {
  await wb.openFile(brokenFile);
  await wb.runCommand('Problems: Focus on Problems View');
  return waitFor(
    'the Problems panel to list errors of broken.batch.http',
    async () => {
      const found = await wb.problemRows();
      return found.filter((r) => r.severity === 'error').length >= 2 ? found : undefined;
    },
    { timeoutMs: 20_000, describe: async () => JSON.stringify(await wb.problemRows()) },
  );
}

// One scenario of an end-to-end test as a subtest: its outcome goes into the run's marker, and
// a failure gets a screenshot, the notifications on screen, `context()` and the end of the
// editor's log appended to its message.
import type { TestContext } from 'node:test';
import type { RunMarker } from './results';
import type { E2eSession } from './session';

export async function runScenario(t: TestContext, s: E2eSession, marker: RunMarker, name: string, fn: () => Promise<void>, context: () => Promise<string[]> = async () => []): Promise<void> {
  await t.test(name, async () => {
    try {
      await fn();
      marker.scenarios.push({ name, passed: true });
    } catch (err) {
      const shot = await s.workbench.screenshot(`FAILED-${name}`).catch(() => 'no screenshot');
      const notes = await s.workbench.notifications().catch(() => []);
      marker.scenarios.push({ name, passed: false, error: (err as Error).message });
      await s.workbench.closeQuickInput().catch(() => undefined);
      const extra = await context().catch((e: unknown) => [`(context failed: ${(e as Error).message})`]);
      const lines = [`screenshot: ${shot}`, `notifications: ${JSON.stringify(notes)}`, ...extra, `code-server log (end):\n${s.editorLog(1500)}`];
      (err as Error).message += `\n${lines.join('\n')}`;
      throw err;
    }
  });
}

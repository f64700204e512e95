// The frame of an end-to-end test in the real editor: gated (skipped with one line when the
// editor is not installed; a failure under BATCH_HTTP_E2E=required), a fresh results folder,
// the packaged .vsix, the marker written whatever happens, and the test failing when a
// scenario did. The test's body starts the session and runs its scenarios.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { gate, skipOption } from './gate';
import { resetResultsDir, resultsDir as resultsDirOf, writeMarker, type RunMarker } from './results';
import { startSession, type E2eSession, type SessionOptions } from './session';
import { hasExtension, packagedVsix, readManifest } from './vsix';

export interface EditorTestRun {
  t: TestContext;
  /** Where the scenarios are recorded (`runScenario`). */
  marker: RunMarker;
  /** Starts the editor with the packaged extension; it is closed when the test ends. */
  startSession(options?: Omit<SessionOptions, 'install' | 'vsix' | 'resultsDir'>): Promise<E2eSession>;
  /** Runs `close` when the test ends, after what was registered later (the session included). */
  closeAfter(close: () => unknown): void;
}

/** Declares the end-to-end test `title`, its evidence under test-results/e2e/NAME. */
export function editorTest(title: string, name: 'editor' | 'restricted' | 'features' | 'features-more' | 'features-third', body: (run: EditorTestRun) => Promise<void>, timeoutMs = 600_000): void {
  const repoRoot = resolve(process.cwd());
  const resultsDir = resultsDirOf(repoRoot, name);
  const checkoutMissing = process.env.BATCH_HTTP_E2E_VSIX || hasExtension(readManifest(repoRoot)) ? null : 'this checkout has no extension yet (package.json contributes no batchHttp.runBatch)';
  const g = gate(checkoutMissing);

  test(title, { skip: skipOption(g), timeout: timeoutMs }, async (t) => {
    if (g.kind !== 'run') return assert.fail(g.kind === 'fail' ? g.reason : 'skipped');
    const install = g.install;
    const started = Date.now();
    resetResultsDir(resultsDir);
    const vsix = await packagedVsix(repoRoot);
    const marker: RunMarker = { ranAt: new Date().toISOString(), passed: false, scenarios: [], vsix, codeServerVersion: install.codeServerVersion, durationMs: 0 };
    const closers: (() => unknown)[] = [];
    const run: EditorTestRun = {
      t,
      marker,
      closeAfter: (close) => void closers.push(close),
      startSession: async (options = {}) => {
        const session = await startSession({ ...options, install, vsix, resultsDir });
        closers.push(() => session.close());
        return session;
      },
    };
    try {
      await body(run);
      marker.passed = marker.scenarios.every((sc) => sc.passed);
    } finally {
      marker.durationMs = Date.now() - started;
      for (const close of closers.reverse()) await close();
      writeMarker(resultsDir, marker);
    }
    assert.ok(marker.passed, `failed scenarios: ${marker.scenarios.filter((sc) => !sc.passed).map((sc) => sc.name).join('; ')}`);
  });
}

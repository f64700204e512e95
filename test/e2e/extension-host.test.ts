// The extension-host mocha suite (test/vscode) run inside code-server's real extension host,
// with this checkout as the development extension. See support/extension-host-suite.ts for
// how the suite gets there. Skipped, with one line, when the editor is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mochaSummary, runExtensionHostSuite } from './support/extension-host-suite';
import { gate, skipOption } from './support/gate';
import { runToEnd } from './support/processes';
import { resetResultsDir, resultsDir as resultsDirOf, writeMarker } from './support/results';

const repoRoot = resolve(process.cwd());
const resultsDir = resultsDirOf(repoRoot, 'extension-host');
const SUITE_SOURCE = join(repoRoot, 'test', 'vscode', 'suite', 'index.ts');
const SUITE_INDEX = join(repoRoot, 'out', 'vscode', 'suite', 'index.js');

const g = gate(existsSync(SUITE_SOURCE) ? null : 'this checkout has no extension-host suite yet (test/vscode/suite/index.ts)');

test('extension-host mocha suite in code-server (VS Code 1.100.3)', { skip: skipOption(g), timeout: 600_000 }, async () => {
  if (g.kind !== 'run') return assert.fail(g.kind === 'fail' ? g.reason : 'skipped');
  resetResultsDir(resultsDir);
  // The suite and dist/extension.js, built the way `npm run test:vscode` builds them.
  await runToEnd(process.execPath, ['esbuild.js', '--vscode-tests', '--no-typecheck'], { cwd: repoRoot, timeoutMs: 180_000, what: 'node esbuild.js --vscode-tests' });
  assert.ok(existsSync(SUITE_INDEX), `the build made no ${SUITE_INDEX}`);
  const outcome = await runExtensionHostSuite({ install: g.install, extensionRoot: repoRoot, suiteIndex: SUITE_INDEX, resultsDir, timeoutMs: 300_000 });
  const summary = mochaSummary(outcome.output);
  const passed = outcome.exitCode === 0 && summary.failing === 0 && summary.passing > 0;
  writeMarker(resultsDir, {
    ranAt: new Date().toISOString(),
    passed,
    scenarios: [{ name: `mocha: ${summary.passing} passing, ${summary.failing} failing, ${summary.pending} pending`, passed }],
    codeServerVersion: g.install.codeServerVersion,
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
  });
  const report = `exit code ${outcome.exitCode}; full output in ${join(resultsDir, 'extension-host-suite.log')}\n${outcome.output.split('\n').slice(-80).join('\n')}`;
  assert.equal(outcome.exitCode, 0, `the suite failed: ${report}`);
  assert.equal(summary.failing, 0, report);
  assert.ok(summary.passing > 0, `no mocha test passed: ${report}`);
});

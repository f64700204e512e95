// Runs the extension-host suite in a downloaded VS Code (`npm run test:vscode`). It needs
// network access to download VS Code once (cached in .vscode-test/); it is not part of `npm test`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const workspace = mkdtempSync(path.join(tmpdir(), 'batch-http-vscode-'));
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`extension-host tests failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

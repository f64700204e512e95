// Finds the packaged extension the end-to-end test installs: the file named by
// BATCH_HTTP_E2E_VSIX, else the one `npm run package` makes (`NAME-VERSION.vsix` in the
// repository root), built fresh so the test always exercises the current code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd } from './processes';

interface Manifest {
  name: string;
  version: string;
  scripts?: Record<string, string>;
  contributes?: { commands?: { command: string }[] };
}

export function readManifest(repoRoot: string): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/** Whether this checkout contains the extension the test drives (its Run Batch command). */
export function hasExtension(manifest: Manifest): boolean {
  return (manifest.contributes?.commands ?? []).some((c) => c.command === 'batchHttp.runBatch');
}

export async function packagedVsix(repoRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.BATCH_HTTP_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`BATCH_HTTP_E2E_VSIX=${given} does not exist`);
    return given;
  }
  const manifest = readManifest(repoRoot);
  if (!manifest.scripts?.package) throw new Error('package.json has no "package" script to build the .vsix (expected `npm run package`)');
  await runToEnd('npm', ['run', '--silent', 'package'], { cwd: repoRoot, timeoutMs: 300_000, what: 'npm run package' });
  const vsix = join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

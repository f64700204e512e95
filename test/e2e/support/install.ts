// Finds the editor and the browser that `npm run test:e2e:setup` installed, and decides
// whether the end-to-end test runs, is skipped, or must fail because it cannot run.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EditorInstall {
  codeServerVersion: string;
  /** The `code-server` launcher. */
  codeServer: string;
  /** VS Code's own server entry inside code-server (knows the extension-test flags). */
  serverMain: string;
  chromium: string;
}

export const SETUP_HINT = 'run `npm run test:e2e:setup` once to enable it (installs code-server and Chromium, cached in ~/.cache/batch-http-e2e)';

/** `BATCH_HTTP_E2E`: `required` fails when the editor is missing, `off` skips, else auto. */
export type E2eMode = 'auto' | 'required' | 'off';

export function e2eMode(env: NodeJS.ProcessEnv = process.env): E2eMode {
  const value = (env.BATCH_HTTP_E2E ?? '').trim().toLowerCase();
  if (value === 'required' || value === '1' || value === 'true') return 'required';
  if (value === 'off' || value === '0' || value === 'false') return 'off';
  return 'auto';
}

export function e2eHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BATCH_HTTP_E2E_HOME) return env.BATCH_HTTP_E2E_HOME;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'batch-http-e2e');
}

/** The install, or the reason it cannot be used. */
export function findEditorInstall(env: NodeJS.ProcessEnv = process.env): EditorInstall | { missing: string } {
  const manifest = join(e2eHome(env), 'install.json');
  if (!existsSync(manifest)) return { missing: `${manifest} not found` };
  let data: Partial<EditorInstall>;
  try {
    data = JSON.parse(readFileSync(manifest, 'utf8')) as Partial<EditorInstall>;
  } catch (err) {
    return { missing: `${manifest} is unreadable (${(err as Error).message})` };
  }
  for (const key of ['codeServer', 'serverMain', 'chromium'] as const) {
    const path = data[key];
    if (typeof path !== 'string' || !existsSync(path)) return { missing: `${key} (${String(path)}) listed in ${manifest} does not exist` };
  }
  return data as EditorInstall;
}

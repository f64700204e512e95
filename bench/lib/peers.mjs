// Peers installed on demand (`npm run bench -- --peers`) into a folder outside the repo,
// so the project never depends on them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const HTTPYAC_VERSION = '6.16.7';
export const PEERS_DIR = path.join(os.tmpdir(), 'batch-http-bench-peers');

/** Path of httpYac's CLI script when the pinned version is installed in PEERS_DIR, else null. */
export function installedHttpyac(dir = PEERS_DIR) {
  const script = path.join(dir, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'httpyac', 'package.json'), 'utf8'));
    return version === HTTPYAC_VERSION && fs.existsSync(script) ? script : null;
  } catch {
    return null;
  }
}

/** Installs httpYac with npm into `dir` unless it is already there; returns its CLI script. */
export function ensureHttpyac(log, dir = PEERS_DIR) {
  const found = installedHttpyac(dir);
  if (found) return found;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "batch-http-bench-peers", "private": true }\n');
  log(`installing httpyac@${HTTPYAC_VERSION} into ${dir} ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-save', `httpyac@${HTTPYAC_VERSION}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`npm install httpyac@${HTTPYAC_VERSION} failed (exit ${res.status})`);
  const script = installedHttpyac(dir);
  if (!script) throw new Error(`httpyac is not in ${dir} after npm install`);
  return script;
}

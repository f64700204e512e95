// Finds the environment files a .batch.http file sees, as the core looks them up (format
// spec sections 3 and 13.9): the nearest http-client.env.json and
// http-client.private.env.json, the nearest `.env` (in a folder or its `env/` folder) and
// the nearest `NAME.env` of each name, from the file's folder up to the workspace root.
// The file system is passed in, so this is tested without one.
import { join } from 'node:path';
import { searchDirs } from '../../core/parser/env';
import type { EnvFileText } from './envIndex';
import { SHARED } from './envIndex';

export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';

export interface EnvFileSystem {
  /** The file names in a directory, or [] when it cannot be listed. */
  list(dir: string): Promise<string[]>;
  /** The file's text, or null when it cannot be read. */
  read(path: string): Promise<string | null>;
}

export { searchDirs };

/** The nearest of each file the lookup uses, read. */
export async function findEnvironmentFiles(filePath: string, workspaceRoot: string, fs: EnvFileSystem): Promise<EnvFileText[]> {
  const found = new Map<string, { path: string; kind: EnvFileText['kind']; environment?: string }>();
  for (const dir of searchDirs(filePath, workspaceRoot)) {
    const here = await fs.list(dir);
    const inEnvDir = here.includes('env') ? (await fs.list(join(dir, 'env'))).map((n) => `env/${n}`) : [];
    for (const name of [...here, ...inEnvDir]) {
      const base = name.startsWith('env/') ? name.slice(4) : name;
      let key: string;
      let entry: { path: string; kind: EnvFileText['kind']; environment?: string };
      if (base === PUBLIC_ENV_FILE && name === base) {
        key = 'public';
        entry = { path: join(dir, name), kind: 'public' };
      } else if (base === PRIVATE_ENV_FILE && name === base) {
        key = 'private';
        entry = { path: join(dir, name), kind: 'private' };
      } else if (base === '.env') {
        key = `dotenv:${SHARED}`;
        entry = { path: join(dir, name), kind: 'dotenv', environment: SHARED };
      } else if (/^[^.].*\.env$/.test(base)) {
        const environment = base.slice(0, -4);
        key = `dotenv:${environment}`;
        entry = { path: join(dir, name), kind: 'dotenv', environment };
      } else continue;
      // Nearest wins; within one folder the folder's own file wins over its env/ one.
      if (!found.has(key)) found.set(key, entry);
    }
  }
  const out: EnvFileText[] = [];
  for (const f of found.values()) {
    const text = await fs.read(f.path);
    if (text !== null) out.push({ ...f, text });
  }
  return out;
}

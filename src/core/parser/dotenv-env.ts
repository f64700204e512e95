// `.env` files as variables and environments (httpYac; format section 13, item 9): the
// nearest `.env` (in a folder or its `env/` subfolder, from the file's folder up to the
// workspace root) supplies variables below `$shared`; with an environment NAME selected,
// the nearest `NAME.env` supplies variables below the named environments of the JSON files.
import { join } from 'node:path';
import dotenv from 'dotenv';
import type { Diagnostic, FileReader } from '../types';
import { DOTENV_FILE, findNearest, searchDirs } from './env';

/** The variables of the `.env` layers: `shared` from `.env`, `named` from `NAME.env` (null: no such file). */
export interface DotenvLayers {
  shared: Record<string, string>;
  named: Record<string, string> | null;
}

export const NO_DOTENV_LAYERS: DotenvLayers = Object.freeze({ shared: {}, named: null });

/** Folders searched for `.env` files, nearest first: each folder, then its `env/` subfolder. */
export function dotenvDirs(filePath: string, workspaceRoot: string): string[] {
  const out: string[] = [];
  for (const dir of searchDirs(filePath, workspaceRoot)) out.push(dir, join(dir, 'env'));
  return out;
}

async function readDotenv(path: string, files: FileReader, diags: Diagnostic[]): Promise<Record<string, string>> {
  try {
    return dotenv.parse(Buffer.from(await files.readFile(path)));
  } catch (err) {
    diags.push({ severity: 'error', line: 1, column: 1, file: path, message: `cannot read ${path}: ${(err as Error).message}` });
    return {};
  }
}

/** A usable environment name for a `NAME.env` file (no path separators, not `.env` itself). */
function isEnvName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !/[\\/]/.test(name);
}

/** Reads the `.env` layers for `environment` (null: none selected). */
export async function loadDotenvLayers(filePath: string, workspaceRoot: string, files: FileReader, environment: string | null | undefined, diags: Diagnostic[]): Promise<DotenvLayers> {
  const dirs = dotenvDirs(filePath, workspaceRoot);
  const sharedPath = await findNearest(DOTENV_FILE, dirs, files);
  const shared = sharedPath ? await readDotenv(sharedPath, files, diags) : {};
  if (!environment || !isEnvName(environment)) return { shared, named: null };
  const namedPath = await findNearest(`${environment}.env`, dirs, files);
  return { shared, named: namedPath ? await readDotenv(namedPath, files, diags) : null };
}

/** Environment names given by `NAME.env` files in the searched folders (needs `files.listDir`). */
export async function dotenvEnvironmentNames(filePath: string, workspaceRoot: string, files: FileReader): Promise<string[]> {
  if (!files.listDir) return [];
  const names = new Set<string>();
  for (const dir of dotenvDirs(filePath, workspaceRoot)) {
    let entries: string[];
    try {
      entries = await files.listDir(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.endsWith('.env')) continue;
      const name = e.slice(0, -'.env'.length);
      if (isEnvName(name)) names.add(name);
    }
  }
  return [...names];
}

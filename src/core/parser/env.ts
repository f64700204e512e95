// Environment files (`http-client.env.json`, `http-client.private.env.json`) and `.env`,
// looked up from the .batch.http file's directory up to the workspace root.
import { parseJsonFile, positionOf } from './json-depth';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import dotenv from 'dotenv';
import type { Diagnostic, FileReader } from '../types';
import { quote } from './quote';
import { dotenvEnvironmentNames } from './dotenv-env';

export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const DOTENV_FILE = '.env';
const SHARED = '$shared';

/** Thrown by `buildPlan` when the selected environment is defined by no environment file. */
export class UnknownEnvironmentError extends Error {
  override readonly name = 'UnknownEnvironmentError';
  readonly code = 'UNKNOWN_ENVIRONMENT';
  constructor(
    readonly environment: string,
    readonly available: string[],
  ) {
    super(
      available.length
        ? `unknown environment '${quote(environment)}'; the environment files define: ${quote(available.join(', '), 400)}`
        : `unknown environment '${quote(environment)}'; no ${PUBLIC_ENV_FILE} or ${PRIVATE_ENV_FILE} defines any environment between the file's folder and the workspace root`,
    );
  }
}

/** Directories searched, nearest first: the file's directory, then parents up to the workspace root. */
export function searchDirs(filePath: string, workspaceRoot: string): string[] {
  const start = dirname(resolve(filePath));
  const root = resolve(workspaceRoot);
  const rel = relative(root, start);
  if (rel.startsWith('..') || isAbsolute(rel)) return [start];
  const dirs: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === root || dirname(dir) === dir) break;
  }
  return dirs;
}

/** The nearest file of that name in `dirs`, or null. */
export async function findNearest(name: string, dirs: string[], files: FileReader): Promise<string | null> {
  for (const dir of dirs) {
    const p = join(dir, name);
    try {
      if (await files.exists(p)) return p;
    } catch {
      /* unreadable directory: keep looking */
    }
  }
  return null;
}

type EnvObject = Record<string, Record<string, unknown>>;

/** One environment file, read and checked. */
export interface EnvFile {
  path: string;
  environments: EnvObject;
}

function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readEnvFile(path: string, files: FileReader, diags: Diagnostic[]): Promise<EnvFile | null> {
  let text: string;
  try {
    text = decodeUtf8(await files.readFile(path));
  } catch (err) {
    diags.push({ severity: 'error', line: 1, column: 1, file: path, message: `cannot read ${path}: ${(err as Error).message}` });
    return null;
  }
  const parsed = parseJsonFile(text, path);
  if (!parsed.ok) {
    const why = parsed.tooDeep ?? `${path} is not valid JSON (${parsed.error})`;
    diags.push({ severity: 'error', line: parsed.line, column: parsed.column, file: path, message: `${why}; its environments are not used` });
    return null;
  }
  const data = parsed.value;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    diags.push({ severity: 'error', line: 1, column: 1, file: path, message: `${path} must hold a JSON object of environments, such as { "dev": { "host": "http://localhost" } }` });
    return null;
  }
  const environments: EnvObject = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) environments[name] = value as Record<string, unknown>;
    else {
      const at = text.indexOf(JSON.stringify(name));
      diags.push({ severity: 'warning', ...positionOf(text, at < 0 ? 0 : at), file: path, message: `environment '${quote(name)}' in ${path} is not an object of variables; it is ignored` });
    }
  }
  return { path, environments };
}

/** Both environment files, when present. */
export interface EnvFiles {
  public: EnvFile | null;
  private: EnvFile | null;
}

export async function loadEnvFiles(filePath: string, workspaceRoot: string, files: FileReader, diags: Diagnostic[]): Promise<EnvFiles> {
  const dirs = searchDirs(filePath, workspaceRoot);
  const [pub, priv] = await Promise.all([findNearest(PUBLIC_ENV_FILE, dirs, files), findNearest(PRIVATE_ENV_FILE, dirs, files)]);
  return {
    public: pub ? await readEnvFile(pub, files, diags) : null,
    private: priv ? await readEnvFile(priv, files, diags) : null,
  };
}

/** Names of the environments the files define (`$shared` excluded), sorted. */
export function environmentNames(env: EnvFiles): string[] {
  const names = new Set<string>();
  for (const f of [env.public, env.private]) if (f) for (const n of Object.keys(f.environments)) if (n !== SHARED) names.add(n);
  return [...names].sort();
}

/**
 * The environment names available to a .batch.http file (for pickers and `--env` checks).
 * Files that cannot be read or parsed contribute nothing.
 */
export async function listEnvironments(filePath: string, workspaceRoot: string, files: FileReader): Promise<string[]> {
  try {
    const names = new Set(environmentNames(await loadEnvFiles(filePath, workspaceRoot, files, [])));
    // `NAME.env` files are environments too (format section 13, item 9).
    for (const n of await dotenvEnvironmentNames(filePath, workspaceRoot, files)) names.add(n);
    return [...names].sort();
  } catch {
    return [];
  }
}

/** A variable's value from an environment file: strings as they are, other JSON as its text. */
function envValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export interface SelectedEnvironment {
  /** Merged values, highest precedence winning. */
  values: Map<string, string>;
  /** Values that came from the private file. */
  secrets: string[];
}

/**
 * Merges, lowest precedence first: public `$shared`, private `$shared`, the public named
 * environment, the private named environment. Throws `UnknownEnvironmentError` for a name
 * that no file defines.
 */
export function selectEnvironment(env: EnvFiles, name: string | null | undefined, dotenvLayers?: { shared: Record<string, string>; named: Record<string, string> | null }): SelectedEnvironment {
  if (name !== null && name !== undefined) {
    const known = environmentNames(env);
    // An environment that exists only as `NAME.env` can be selected (section 13, item 9).
    if (!known.includes(name) && !dotenvLayers?.named) throw new UnknownEnvironmentError(name, known);
  }
  const values = new Map<string, string>();
  const secrets: string[] = [];
  // `.env` values are secrets; they come below `$shared` (`.env`) and below the named environments (`NAME.env`).
  const layers: [Record<string, unknown> | undefined, boolean][] = [
    [dotenvLayers?.shared, true],
    [env.public?.environments[SHARED], false],
    [env.private?.environments[SHARED], true],
  ];
  if (name) layers.push([dotenvLayers?.named ?? undefined, true], [env.public?.environments[name], false], [env.private?.environments[name], true]);
  for (const [obj, secret] of layers) {
    if (!obj) continue;
    for (const [k, v] of Object.entries(obj)) {
      const value = envValue(v);
      values.set(k, value);
      if (secret && value !== '') secrets.push(value);
    }
  }
  return { values, secrets };
}

/** The nearest `.env` file's variables (parsed as `dotenv` does: quotes, `#` comments, `export`). */
export async function loadDotenv(filePath: string, workspaceRoot: string, files: FileReader, diags: Diagnostic[]): Promise<Record<string, string>> {
  const path = await findNearest(DOTENV_FILE, searchDirs(filePath, workspaceRoot), files);
  if (!path) return {};
  try {
    return dotenv.parse(Buffer.from(await files.readFile(path)));
  } catch (err) {
    diags.push({ severity: 'error', line: 1, column: 1, file: path, message: `cannot read ${path}: ${(err as Error).message}` });
    return {};
  }
}

// The variables of the environment files a .batch.http file sees, with where each one is
// written: for completion, hovers, go to definition and the "no environment selected"
// warning. Pure: it works on the files' texts; envFiles.ts finds and reads them.
import dotenv from 'dotenv';

export const SHARED = '$shared';

/** One environment file's text, as found for a .batch.http file. */
export interface EnvFileText {
  path: string;
  text: string;
  /**
   * `public`: http-client.env.json; `private`: http-client.private.env.json; `dotenv`: the
   * nearest `.env` (environment `$shared`) or `NAME.env` (environment NAME).
   */
  kind: 'public' | 'private' | 'dotenv';
  /** For `dotenv`: the environment it belongs to (`$shared` for `.env`). */
  environment?: string;
}

/** One variable as an environment file defines it. */
export interface EnvDefinition {
  name: string;
  value: string;
  /** The environment's name, or `$shared`. */
  environment: string;
  file: string;
  kind: EnvFileText['kind'];
  /** True for private and `.env` values: never shown in clear. */
  secret: boolean;
  /** 1-based position of the variable's key in the file. */
  line: number;
  column: number;
}

export interface EnvironmentIndex {
  /** Selectable environment names, sorted (`$shared` excluded). */
  names: string[];
  definitions: EnvDefinition[];
}

export const EMPTY_INDEX: EnvironmentIndex = Object.freeze({ names: [], definitions: [] }) as EnvironmentIndex;

/** A value of a JSON environment file as the core reads it: strings as they are, other JSON as its text. */
function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * 1-based positions of the keys at depth 2 (`{ "env": { "key": ... } }`), by environment
 * then key. A small scanner: strings, nesting, nothing else matters.
 */
export function jsonKeyPositions(text: string): Map<string, Map<string, { line: number; column: number }>> {
  const out = new Map<string, Map<string, { line: number; column: number }>>();
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let env: string | null = null;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '{') {
      depth++;
      expectKey = true;
    } else if (c === '[') {
      depth++;
      expectKey = false;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1) env = null;
      expectKey = false;
    } else if (c === ',') {
      expectKey = true;
    } else if (c === ':') {
      expectKey = false;
    } else if (c === '"') {
      const start = i;
      let s = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') {
          i++;
          s += text[i] === 'n' ? '\n' : (text[i] ?? '');
        } else s += text[i];
      }
      if (!expectKey) continue;
      const at = { line, column: start - lineStart + 1 };
      if (depth === 1) {
        env = s;
        if (!out.has(s)) out.set(s, new Map());
      } else if (depth === 2 && env !== null) {
        const keys = out.get(env)!;
        if (!keys.has(s)) keys.set(s, at);
      }
    }
  }
  return out;
}

function indexJson(f: EnvFileText, into: EnvDefinition[], names: Set<string>): void {
  let data: unknown;
  try {
    data = JSON.parse(f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text);
  } catch {
    return;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return;
  const positions = jsonKeyPositions(f.text);
  for (const [environment, vars] of Object.entries(data as Record<string, unknown>)) {
    if (!vars || typeof vars !== 'object' || Array.isArray(vars)) continue;
    if (environment !== SHARED) names.add(environment);
    for (const [name, v] of Object.entries(vars as Record<string, unknown>)) {
      const at = positions.get(environment)?.get(name) ?? { line: 1, column: 1 };
      into.push({ name, value: valueText(v), environment, file: f.path, kind: f.kind, secret: f.kind === 'private', ...at });
    }
  }
}

function indexDotenv(f: EnvFileText, into: EnvDefinition[], names: Set<string>): void {
  const environment = f.environment ?? SHARED;
  let values: Record<string, string>;
  try {
    values = dotenv.parse(f.text);
  } catch {
    return;
  }
  if (environment !== SHARED) names.add(environment);
  const lines = f.text.split(/\r?\n/);
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp(`^\\s*(?:export\\s+)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`);
    const i = lines.findIndex((l) => re.test(l));
    const column = i < 0 ? 1 : lines[i]!.indexOf(name) + 1;
    into.push({ name, value, environment, file: f.path, kind: 'dotenv', secret: true, line: i + 1 || 1, column });
  }
}

/** Indexes the files (unreadable or invalid ones contribute nothing). */
export function indexEnvironmentFiles(files: readonly EnvFileText[]): EnvironmentIndex {
  const definitions: EnvDefinition[] = [];
  const names = new Set<string>();
  for (const f of files) {
    if (f.kind === 'dotenv') indexDotenv(f, definitions, names);
    else indexJson(f, definitions, names);
  }
  return { names: [...names].sort(), definitions };
}

/** Rank of a definition for the selected environment (lower wins), or -1 when it does not apply. */
function rank(d: EnvDefinition, selected: string | null): number {
  if (d.environment === SHARED) return d.kind === 'private' ? 3 : d.kind === 'public' ? 4 : 5;
  if (selected === null || d.environment !== selected) return -1;
  return d.kind === 'private' ? 0 : d.kind === 'public' ? 1 : 2;
}

/**
 * The definitions of `name` that apply with `selected` (null: none selected), the winning
 * one first (format spec sections 3 and 13.9: private named, public named, `NAME.env`,
 * private `$shared`, public `$shared`, `.env`).
 */
export function applicableDefinitions(index: EnvironmentIndex, name: string, selected: string | null): EnvDefinition[] {
  const out: { d: EnvDefinition; r: number }[] = [];
  for (const d of index.definitions) {
    if (d.name !== name) continue;
    const r = rank(d, selected);
    if (r >= 0) out.push({ d, r });
  }
  return out.sort((a, b) => a.r - b.r).map((x) => x.d);
}

/** The environments (not `$shared`) that define `name`, sorted. */
export function environmentsDefining(index: EnvironmentIndex, name: string): string[] {
  const set = new Set<string>();
  for (const d of index.definitions) if (d.name === name && d.environment !== SHARED) set.add(d.environment);
  return [...set].sort();
}

/** The variable names usable with `selected`, each with the environments (or `$shared`) defining it. */
export function variableNames(index: EnvironmentIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of index.definitions) {
    const list = out.get(d.name) ?? [];
    if (!list.includes(d.environment)) list.push(d.environment);
    out.set(d.name, list);
  }
  return out;
}

/** Every secret value of the index (private and `.env` values), for a Redactor. */
export function secretValues(index: EnvironmentIndex): string[] {
  const out: string[] = [];
  for (const d of index.definitions) if (d.secret && d.value !== '') out.push(d.value);
  return out;
}

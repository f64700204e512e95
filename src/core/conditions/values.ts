// Reading a condition's FIELD from a response: status, a header, the body (whole or at a JSON
// path), a timing phase, an XPath string. A body path is first read by scanning the body's
// bytes (json-scan.ts); parsed bodies are kept on the view, so several conditions on one
// response parse its body once.
import type { SelectReturnType } from 'xpath';
import { parseXml, xpathLibrary } from '../xml';
import { scanJsonPath } from './json-scan';
import { DURATION_PHASES, type Check, type TimingKey } from './model';

/** The response a condition reads. */
export interface CheckedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string> | null;
  /** The kept body, or null. */
  body: Uint8Array | null;
  /** The final attempt's timing phases; absent or null phases are missing values. */
  timings?: Partial<Record<TimingKey, number | null>> | null;
}

/** A value found: `undefined` is a missing value; anything else is a JSON value. */
export type FoundValue = unknown;

const utf8 = new TextDecoder('utf-8');
const NO_BYTES = new Uint8Array(0);

/** A response with its body decoded and parsed on first use. */
export class ResponseValues {
  private textCache: string | undefined;
  private jsonCache: { value: unknown } | null | undefined;
  private xmlCache: Node | null | undefined;
  /** A body path was read by scanning the bytes (json-scan.ts). */
  private scanned = false;

  /** `bodyPaths`: how many body paths will be read (with more than one, the body is parsed once, never scanned). */
  constructor(
    readonly response: CheckedResponse,
    private readonly bodyPaths = 1,
  ) {}

  /** The whole body as text ('' when there is none). */
  text(): string {
    if (this.textCache === undefined) {
      const b = this.response.body;
      this.textCache = b === null ? '' : utf8.decode(b);
    }
    return this.textCache;
  }

  /** The body parsed as JSON, or null when it is not JSON. */
  json(): { value: unknown } | null {
    if (this.jsonCache === undefined) {
      try {
        this.jsonCache = { value: JSON.parse(this.text()) as unknown };
      } catch {
        this.jsonCache = null;
      }
    }
    return this.jsonCache;
  }

  /**
   * The value at a body path's steps (undefined: missing, or the body is not JSON). A response
   * with one path to read (most requests) has its bytes scanned and only the value found parsed;
   * with more (or a second read after all), the whole body is parsed once for every read.
   */
  bodyPath(steps: readonly (string | number)[]): FoundValue {
    if (this.bodyPaths <= 1 && this.jsonCache === undefined && !this.scanned) {
      this.scanned = true;
      return scanJsonPath(this.response.body ?? NO_BYTES, steps);
    }
    const doc = this.json();
    return doc ? followJsonPath(doc.value, steps) : undefined;
  }

  xml(): Node | null {
    if (this.xmlCache === undefined) {
      try {
        this.xmlCache = parseXml(this.text());
      } catch {
        this.xmlCache = null;
      }
    }
    return this.xmlCache;
  }
}

/** How many of `checks` read a body path (ResponseValues then scans the body or parses it once). */
export function bodyPathCount(checks: readonly Pick<Check, 'field' | 'arg'>[]): number {
  let n = 0;
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i]!;
    if (c.field === 'body' && c.arg !== null) n++;
  }
  return n;
}

/** The value a check's field has on a response (`undefined`: missing). */
export function readField(check: Pick<Check, 'field' | 'arg'>, values: ResponseValues): FoundValue {
  const r = values.response;
  switch (check.field) {
    case 'status':
      return r.status;
    case 'header':
      return r.headers ? r.headers[(check.arg ?? '').toLowerCase()] : undefined;
    case 'body':
      return check.arg === null ? values.text() : readJsonPath(values, check.arg);
    case 'duration': {
      const key = DURATION_PHASES.get(check.arg ?? 'total') ?? 'totalMs';
      const v = r.timings?.[key];
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    }
    case 'xpath':
      return readXPath(values, check.arg ?? '');
  }
}

/** jsonPathSteps' answers by path (a pure function of the path; callers only read the steps). */
const stepsByPath = new Map<string, readonly (string | number)[] | null>();

/**
 * A body path as steps: `$.a.b[0]`, `a.b[0]` (httpYac's bare form), `$['a b']`; null when
 * malformed. A batch checks the same few paths on every response: a bounded number of
 * answers is remembered.
 */
export function jsonPathSteps(path: string): readonly (string | number)[] | null {
  let steps = stepsByPath.get(path);
  if (steps === undefined) {
    steps = parseJsonPath(path);
    if (stepsByPath.size < 1024) stepsByPath.set(path, steps);
  }
  return steps;
}

function parseJsonPath(path: string): (string | number)[] | null {
  let expr = path;
  if (expr[0] !== '$') expr = expr[0] === '[' ? `$${expr}` : `$.${expr}`;
  const steps: (string | number)[] = [];
  let i = 1;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === '.') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== '.' && expr[j] !== '[') j++;
      if (j === i + 1) return null;
      steps.push(expr.slice(i + 1, j));
      i = j;
    } else if (ch === '[') {
      const close = expr.indexOf(']', i);
      if (close < 0) return null;
      const inner = expr.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push(inner.slice(1, -1));
      else return null;
      i = close + 1;
    } else return null;
  }
  return steps;
}

function readJsonPath(values: ResponseValues, path: string): FoundValue {
  return readBodyPath(values, jsonPathSteps(path));
}

/** The value at a body path's steps (null: a malformed path) in the body parsed as JSON; undefined when missing. */
export function readBodyPath(values: ResponseValues, steps: readonly (string | number)[] | null): FoundValue {
  return steps ? values.bodyPath(steps) : undefined;
}

/** The value at `steps` (from `jsonPathSteps`) in a parsed JSON document; undefined when a step is missing. */
export function followJsonPath(doc: unknown, steps: readonly (string | number)[]): unknown {
  let current = doc;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function readXPath(values: ResponseValues, expr: string): FoundValue {
  const doc = values.xml();
  return doc ? xpathString(doc, expr) : undefined;
}

/** The string value of XPath 1.0 `expr` over `doc`: the first node's text, or undefined for no match or a bad expression. */
export function xpathString(doc: Node, expr: string): string | undefined {
  let selected: SelectReturnType;
  try {
    selected = xpathLibrary().select(expr, doc);
  } catch {
    return undefined;
  }
  if (Array.isArray(selected)) return selected.length === 0 ? undefined : nodeText(selected[0]!);
  if (selected === null || selected === undefined) return undefined;
  if (typeof selected === 'object') return nodeText(selected);
  // count(), boolean() and string() results: their XPath string value.
  return String(selected);
}

function nodeText(node: Node): string {
  const n = node as unknown as { nodeType: number; value?: string; nodeValue?: string | null; textContent?: string | null };
  if (n.nodeType === 2) return n.value ?? n.nodeValue ?? '';
  return n.textContent ?? n.nodeValue ?? '';
}

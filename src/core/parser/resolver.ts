// Variable substitution: run values, environments, file variables, records, dynamic
// variables and response references, with nested values and loop detection.
import type { Diagnostic } from '../types';
import { evaluateDynamic, type DynamicContext } from './dynamic';
import type { FileVariable, TemplatePart, TemplateRef } from './model';
import type { DataRecord } from './records';
import { responsePathProblem } from './response-path';
import { splitTemplate } from './template';
import { LIST_MAX, QUOTE_MAX, quote } from './quote';

/** `NAME.response.status`, `NAME.response.headers.X`, `NAME.response.body.PATH`. */
const RESPONSE_REF = /^([A-Za-z0-9_-]+)\.response\.(.*)$/s;
const RESPONSE_PART = /^(?:status|headers\.\S+|body\..+)$/s;

/** `NAME.request.headers.X`, `NAME.request.body.PATH`: what request NAME sent (REST Client's request values). */
const REQUEST_REF = /^([A-Za-z0-9_-]+)\.request\.(headers\.\S+|body\..+)$/s;

/** A response reference, split: `login.response.body.$.token` gives `{ name: 'login', kind: 'body', path: '$.token' }`. */
export interface ResponseRef {
  name: string;
  kind: 'status' | 'headers' | 'body';
  /** The header name or body path; '' for status. */
  path: string;
}

/** Parses the text inside `{{ }}` (trimmed) as a response reference, or null when it is none. */
export function matchResponseRef(expr: string): ResponseRef | null {
  const m = RESPONSE_REF.exec(expr);
  if (!m || !RESPONSE_PART.test(m[2]!)) return null;
  const rest = m[2]!;
  if (rest === 'status') return { name: m[1]!, kind: 'status', path: '' };
  const dot = rest.indexOf('.');
  return { name: m[1]!, kind: rest.slice(0, dot) as 'headers' | 'body', path: rest.slice(dot + 1) };
}

/** A response reference met while resolving. */
export interface RefUse {
  name: string;
  line: number;
  column: number;
}

/** `$processEnv %NAME` / `$dotenv %NAME`: the name to read is the value of the variable NAME. */
const INDIRECT = /^(\$processEnv|\$dotenv)\s+%(\S+)$/;

const NONE: readonly never[] = Object.freeze([]);
const MAX_DEPTH = 64;
const MAX_STEPS = 200_000;
/** The reference before a path problem, which quotes the path again: a shorter clip. */
const REF_MAX = 40;

/** What one resolution met: unresolved names, response references, per-copy values. */
export class Resolution {
  /** True when the value may differ between copies (dynamic variables, `$index`, record fields). */
  varying = false;
  /** Shared empty arrays until something is added (most templates meet nothing). */
  unresolved: readonly string[] = NONE;
  refs: readonly RefUse[] = NONE;

  addUnresolved(name: string): void {
    if (this.unresolved === NONE) this.unresolved = [name];
    else if (!this.unresolved.includes(name)) (this.unresolved as string[]).push(name);
  }

  addRef(ref: RefUse): void {
    if (this.refs === NONE) this.refs = [ref];
    else (this.refs as RefUse[]).push(ref);
  }
}


interface Site {
  line: number;
  column: number;
  /** Set when the site is a `{{...}}` reference of the file itself. */
  raw?: string;
}

/** The variable sources, highest precedence first (records and `$index` come before them). */
export interface VariableSources {
  run: Record<string, string>;
  env: Map<string, string>;
}

export class Resolver {
  /** File variables visible to the block being resolved. */
  fileVars: Map<string, FileVariable> = new Map();
  record: DataRecord | null = null;
  private readonly envTemplates = new Map<string, readonly TemplatePart[]>();
  private readonly reported = new Set<string>();
  private readonly pathProblems = new Map<string, string | null>();
  /** Nested expansions in the current resolution (guards against exponential definitions). */
  private steps = 0;

  constructor(
    private readonly sources: VariableSources,
    readonly dynamic: DynamicContext,
    private readonly diags: Diagnostic[],
  ) {}

  /** Resolves a template. `site` positions diagnostics for parts that have no position of their own. */
  resolve(parts: readonly TemplatePart[], res: Resolution, site: Site): string {
    this.steps = 0;
    return this.expand(parts, res, [], site);
  }

  /** The value of a variable by name, or undefined when no source defines it. */
  lookup(name: string, res: Resolution, site: Site): string | undefined {
    return this.lookupIn(name, res, [], site);
  }

  private expand(parts: readonly TemplatePart[], res: Resolution, stack: string[], site: Site): string {
    if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : this.ref(p, res, stack, p.line > 0 ? p : site);
    return out;
  }

  private report(severity: Diagnostic['severity'], site: Site, key: string, message: string): void {
    const k = `${site.line}:${site.column}:${key}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    const d: Diagnostic = { severity, line: site.line, column: site.column, message };
    // A reference written in the .batch.http file: underline exactly its `{{...}}`.
    if ('raw' in site && typeof site.raw === 'string') d.endColumn = site.column + site.raw.length;
    this.diags.push(d);
  }

  private ref(p: TemplateRef, res: Resolution, stack: string[], site: Site): string {
    const expr = p.expr;
    // `$index` is always the copy's index: it comes before every other source.
    if (expr.charCodeAt(0) === 36 /* $ */ && (expr === '$index' || !this.defined(expr))) {
      const indirect = INDIRECT.exec(expr);
      let dynExpr = expr;
      if (indirect) {
        // REST Client's `{{$processEnv %NAME}}`: the value of the variable NAME is the name to read.
        const named = this.lookupIn(indirect[2]!, res, stack, site);
        if (named === undefined) {
          res.addUnresolved(expr);
          this.report('warning', site, expr, `'%${quote(indirect[2]!)}' in {{${quote(expr)}}} names the variable that holds the name to read, and no variable '${quote(indirect[2]!)}' is defined`);
          return p.raw;
        }
        dynExpr = `${indirect[1]} ${named.trim()}`;
      }
      const r = evaluateDynamic(dynExpr, this.dynamic);
      if (r) {
        if ('value' in r) {
          if (r.varying) res.varying = true;
          return r.value;
        }
        res.addUnresolved(expr);
        if ('error' in r) this.report('error', site, expr, r.error);
        else this.report('warning', site, expr, `{{${quote(r.untrusted)}}} is not read in an untrusted workspace; the request using it will not be sent`);
        return p.raw;
      }
    }
    if (expr.charCodeAt(0) === 37 /* % */ && !this.defined(expr)) return this.percentEncoded(p, res, stack, site);
    const rq = REQUEST_REF.exec(expr);
    if (rq && !this.defined(expr)) return this.requestValue(p, rq[1]!, rq[2]!, res, site);
    const rr = RESPONSE_REF.exec(expr);
    if (rr && !this.defined(expr)) {
      if (!RESPONSE_PART.test(rr[2]!)) {
        res.addUnresolved(expr);
        this.report('error', site, expr, `'{{${quote(expr)}}}' is not a response reference; write ${quote(rr[1]!)}.response.status, ${quote(rr[1]!)}.response.headers.NAME or ${quote(rr[1]!)}.response.body.PATH`);
        return p.raw;
      }
      const problem = this.pathProblem(expr);
      if (problem) {
        res.addUnresolved(expr);
        this.report('error', site, expr, `{{${quote(expr, REF_MAX)}}}: ${problem}`);
        return p.raw;
      }
      res.addRef({ name: rr[1]!, line: site.line, column: site.column });
      return p.raw;
    }
    const value = this.lookupIn(expr, res, stack, site);
    if (value !== undefined) return value;
    res.addUnresolved(expr);
    this.report('warning', site, expr, unknownMessage(expr));
    return p.raw;
  }

  /** A request value (section 13, item 10): checked like a response reference, and a dependency on NAME like one. */
  private requestValue(p: TemplateRef, name: string, rest: string, res: Resolution, site: Site): string {
    const dot = rest.indexOf('.');
    const ref: ResponseRef = { name, kind: rest.slice(0, dot) as 'headers' | 'body', path: rest.slice(dot + 1) };
    const problem = responsePathProblem(ref);
    if (problem) {
      res.addUnresolved(p.expr);
      this.report('error', site, p.expr, `{{${quote(p.expr, REF_MAX)}}}: ${problem}`);
      return p.raw;
    }
    res.addRef({ name, line: site.line, column: site.column });
    return p.raw;
  }

  /** REST Client's `{{%name}}`: the value of `name`, percent-encoded. */
  private percentEncoded(p: TemplateRef, res: Resolution, stack: string[], site: Site): string {
    const name = p.expr.slice(1).trim();
    const value = this.lookupIn(name, res, stack, site);
    if (value !== undefined) return encodeURIComponent(value);
    res.addUnresolved(p.expr);
    this.report('warning', site, p.expr, unknownMessage(name));
    return p.raw;
  }

  /** The problem with a response reference's path (cached per text: copies repeat it). */
  private pathProblem(expr: string): string | null {
    let problem = this.pathProblems.get(expr);
    if (problem === undefined) {
      const ref = matchResponseRef(expr);
      problem = ref ? responsePathProblem(ref) : null;
      this.pathProblems.set(expr, problem);
    }
    return problem;
  }

  /** True when a plain source (record, run value, environment, file variable) defines the name. */
  private defined(name: string): boolean {
    return (
      (this.record !== null && Object.prototype.hasOwnProperty.call(this.record, name)) ||
      Object.prototype.hasOwnProperty.call(this.sources.run, name) ||
      this.sources.env.has(name) ||
      this.fileVars.has(name)
    );
  }

  private lookupIn(name: string, res: Resolution, stack: string[], site: Site): string | undefined {
    if (this.record !== null) {
      res.varying = true;
      if (Object.prototype.hasOwnProperty.call(this.record, name)) return this.record[name];
    }
    if (Object.prototype.hasOwnProperty.call(this.sources.run, name)) return this.sources.run[name];
    let parts: readonly TemplatePart[] | undefined;
    const envValue = this.sources.env.get(name);
    if (envValue !== undefined) {
      parts = this.envTemplates.get(envValue);
      if (!parts) {
        parts = splitTemplate(envValue, -1, -1);
        this.envTemplates.set(envValue, parts);
      }
    } else {
      parts = this.fileVars.get(name)?.value.parts;
    }
    if (parts === undefined) return undefined;
    if (parts.length === 0) return '';
    if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
    if (stack.includes(name)) {
      const loop = quote([...stack.slice(stack.indexOf(name)), name].map((n) => quote(n)).join(' -> '), LIST_MAX);
      res.addUnresolved(name);
      this.report('error', site, `loop:${name}`, `variables refer to each other in a loop: ${loop}; give one of them a plain value`);
      return `{{${name}}}`;
    }
    if (stack.length >= MAX_DEPTH || ++this.steps > MAX_STEPS) {
      res.addUnresolved(name);
      this.report('error', site, `deep:${name}`, `variable '${quote(name)}' expands too far (more than ${MAX_DEPTH} levels or ${MAX_STEPS} nested values); simplify the definitions`);
      return `{{${name}}}`;
    }
    stack.push(name);
    try {
      return this.expand(parts, res, stack, site);
    } finally {
      stack.pop();
    }
  }
}

const DYNAMIC_NAMES = '$uuid, $guid, $timestamp, $datetime, $localDatetime, $isoTimestamp, $randomInt, $random.* (uuid, integer, float, alphabetic, alphanumeric, hexadecimal, email), $index, $processEnv, $dotenv';

function unknownMessage(expr: string): string {
  if (/^\$[\w.]+(\s|$)/.test(expr)) return `unknown dynamic variable '${quote(expr.split(/\s/)[0]!, REF_MAX)}'; the dynamic variables are ${DYNAMIC_NAMES}`;
  if (/^[A-Za-z_][\w.$-]*$/.test(expr)) {
    // The hint repeats the name only when it is short enough to read three times.
    const n = expr.length <= QUOTE_MAX ? expr : 'NAME';
    return `unknown variable '${quote(expr)}': define it with '@${n} = value', in an environment file, or with --var ${n}=VALUE`;
  }
  return `'{{${quote(expr)}}}' is not a variable (expressions are never evaluated here); the request using it will not be sent`;
}

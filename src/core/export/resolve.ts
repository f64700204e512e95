// Turns the raw `{{...}}` templates of a block into engine-neutral value parts, following the
// format's precedence: row fields and `$index`, run values and the environment, file
// variables (those defined above the request), dynamic variables, response references.
import type { Capture, ExportNote, Template, ValuePart } from './model';
import { NameAllocator, toIdentifier } from './names';
import { isVariableName, parseDynamic, parseResponseRef } from './refs';
import type { SourcePart, SourceRef, SourceVariable } from './source';

/** What a template is resolved against: one request block (and its loop). */
export interface BlockScope {
  line: number;
  /** File variables visible to the block: defined above its request line, the last one wins. */
  fileVars: Map<string, SourceVariable>;
  /** Fields of the block's `@foreach` rows, or null. */
  fields: ReadonlySet<string> | null;
  inLoop: boolean;
}

/** Requests a response reference may point at: name to "is it repeated (@repeat/@foreach)". */
export type RequestIndex = ReadonlyMap<string, { repeated: boolean }>;

export interface CaptureUse {
  request: string;
  capture: Capture;
}

/** Joins adjacent text parts and drops empty ones. */
export function normalize(parts: Template): Template {
  const out: Template = [];
  for (const p of parts) {
    if (p.kind === 'text') {
      if (p.text === '') continue;
      const last = out[out.length - 1];
      if (last?.kind === 'text') {
        out[out.length - 1] = { kind: 'text', text: last.text + p.text };
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

/** The constant text of a template, or null when it holds anything computed at run time. */
export function constantText(t: Template, values: ReadonlyMap<string, string>): string | null {
  let s = '';
  for (const p of t) {
    if (p.kind === 'text') s += p.text;
    else if (p.kind === 'var') s += values.get(p.name) ?? '';
    else return null;
  }
  return s;
}

export class TemplateResolver {
  /** Emitted constant variables: name to value. */
  readonly variables = new Map<string, string>();
  readonly envNames = new Set<string>();
  /** Captures by referenced request, in first-use order. */
  readonly captures = new Map<string, Capture[]>();
  private readonly constKeys = new Map<string, string>();
  private readonly envBySource = new Map<string, string>();
  private readonly captureKeys = new Map<string, Capture>();
  private readonly noted = new Set<string>();
  private dynamicCount = 0;

  constructor(
    private readonly values: Readonly<Record<string, string>>,
    private readonly secretNames: ReadonlySet<string>,
    private readonly requests: RequestIndex,
    private readonly notes: ExportNote[],
    private readonly names: NameAllocator,
  ) {}

  /** Resolves parsed template parts (literals and refs). */
  resolve(parts: readonly SourcePart[], scope: BlockScope): Template {
    return normalize(parts.flatMap((p) => (typeof p === 'string' ? [{ kind: 'text', text: p } as ValuePart] : this.ref(p, scope, []))));
  }

  /** Resolves a variable by name as if written `{{name}}` (for `baseUrl` and `host`), or null when undefined. */
  lookup(name: string, scope: BlockScope): Template | null {
    if (!Object.hasOwn(this.values, name) && !scope.fileVars.has(name)) return null;
    return this.ref({ expr: name, raw: `{{${name}}}`, line: scope.line, column: 1 }, scope, []);
  }

  private note(line: number, message: string): void {
    const key = `${line}\0${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ line, message });
  }

  private constVar(sourceName: string, value: string): ValuePart {
    const key = `${sourceName}\0${value}`;
    let name = this.constKeys.get(key);
    if (name === undefined) {
      name = this.names.allocate(sourceName);
      this.constKeys.set(key, name);
      this.variables.set(name, value);
    }
    return { kind: 'var', name };
  }

  private envVar(sourceName: string): ValuePart {
    let envName = this.envBySource.get(sourceName);
    if (envName === undefined) {
      envName = toIdentifier(sourceName);
      this.envBySource.set(sourceName, envName);
      this.envNames.add(envName);
    }
    return { kind: 'env', envName };
  }

  private ref(ref: SourceRef, scope: BlockScope, stack: string[]): Template {
    const expr = ref.expr;
    if (scope.fields?.has(expr)) return [{ kind: 'field', field: expr }];
    const dyn = parseDynamic(expr);
    if (dyn) return this.dynamic(dyn, ref, scope);
    const response = parseResponseRef(expr);
    if (response) return this.response(response, ref);
    if (Object.hasOwn(this.values, expr)) {
      if (this.secretNames.has(expr)) {
        const part = this.envVar(expr);
        this.note(ref.line, `the secret ${expr} is not written to the export: it is read from the environment variable ${(part as { envName: string }).envName} at run time`);
        return [part];
      }
      return [this.constVar(expr, this.values[expr]!)];
    }
    const fileVar = scope.fileVars.get(expr);
    if (fileVar) {
      if (stack.includes(expr)) {
        this.note(ref.line, `variables ${[...stack, expr].join(' -> ')} refer to each other in a loop; left empty`);
        return [];
      }
      const before = new Set(this.constKeys.keys());
      const inner = normalize(
        fileVar.value.parts.flatMap((p) => (typeof p === 'string' ? [{ kind: 'text', text: p } as ValuePart] : this.ref(p, scope, [...stack, expr]))),
      );
      const text = constantText(inner, this.variables);
      if (text === null) return inner;
      // A constant: only this variable is emitted, not the ones its value was made from.
      for (const [key, name] of [...this.constKeys]) {
        if (before.has(key)) continue;
        this.constKeys.delete(key);
        this.variables.delete(name);
      }
      return [this.constVar(expr, text)];
    }
    if (isVariableName(expr)) {
      const part = this.envVar(expr);
      this.note(ref.line, `unknown variable ${expr}: read from the environment variable ${(part as { envName: string }).envName} at run time`);
      return [part];
    }
    this.note(ref.line, `${ref.raw} is not a variable (code is never evaluated); left empty`);
    return [];
  }

  private dynamic(dyn: NonNullable<ReturnType<typeof parseDynamic>>, ref: SourceRef, scope: BlockScope): Template {
    switch (dyn.kind) {
      case 'value':
        return [{ kind: 'dynamic', id: `dyn_${++this.dynamicCount}`, value: dyn.value }];
      case 'index':
        return scope.inLoop ? [{ kind: 'index' }] : [{ kind: 'text', text: '0' }];
      case 'env': {
        const part = this.envVar(dyn.name);
        if (dyn.from === 'dotenv') {
          this.note(ref.line, `${ref.raw}: .env is not read by the load test; set the environment variable ${(part as { envName: string }).envName} instead`);
        }
        return [part];
      }
      case 'invalid':
        this.note(ref.line, `${ref.raw}: ${dyn.reason}; left empty`);
        return [];
    }
  }

  private response(r: NonNullable<ReturnType<typeof parseResponseRef>>, ref: SourceRef): Template {
    const target = this.requests.get(r.request);
    if (!target) {
      this.note(ref.line, `${ref.raw} refers to no request named ${r.request}; left empty`);
      return [];
    }
    if (target.repeated) {
      this.note(ref.line, `${ref.raw} refers to a repeated request (@repeat/@foreach); left empty`);
      return [];
    }
    const key = `${r.request}\0${r.source}\0${r.path}`;
    let capture = this.captureKeys.get(key);
    if (!capture) {
      const suffix = r.source === 'status' || r.source === 'body' ? r.source : `${r.source}_${r.path.replace(/^\$\.?/, '')}`;
      capture = { name: this.names.allocate(`${r.request}_${suffix}`), source: r.source, path: r.path };
      this.captureKeys.set(key, capture);
      const list = this.captures.get(r.request) ?? [];
      list.push(capture);
      this.captures.set(r.request, list);
    }
    return [{ kind: 'capture', name: capture.name }];
  }
}

// The state of one planning run: diagnostics, secrets, the requests made so far, and the
// files it reads (`< path`, `<@ path`, `@foreach` data), each read once.
import { dirname, resolve as resolvePath } from 'node:path';
import type { BatchPlan, Diagnostic, Header, LazyRequests, PlannedRequest, RequestBody } from '../types';
import type { GraphNode } from './graph';
import type { BodyLine, ParsedBlock, TemplatePart } from './model';
import type { PlanOptions } from './options';
import { csvRecords, isJsonPath, jsonRecords, type DataRecord } from './records';
import { Resolution, type Resolver } from './resolver';
import { compileTemplate } from './template';
import { PATH_MAX, quote } from './quote';
import { own } from './own';
import { secretHeaderValues } from '../redact';

type FileContent = Uint8Array | Error;

/** Distinct values of one header name worth sharing (an id per request is not). */
const MAX_SHARED_VALUES = 64;

/** A set of secret values that also lists them in the order added (lazy groups hand on the new ones). */
export class SecretSet extends Set<string> {
  readonly added: string[] = [];

  override add(value: string): this {
    if (!this.has(value)) this.added.push(value);
    return super.add(value);
  }
}

export class Planner {
  readonly diags: Diagnostic[] = [];
  readonly fileDiags: Diagnostic[] = [];
  readonly secrets = new SecretSet();
  readonly requests: PlannedRequest[] = [];
  /** Big groups planned as the run asks (`PlanOptions.lazyFrom`). */
  readonly lazy: LazyRequests[] = [];
  /** Requests planned so far, lazy copies included: the next request's index. */
  count = 0;
  readonly nodes: GraphNode[] = [];
  private readonly fileCache = new Map<string, Promise<FileContent>>();
  private readonly textTemplates = new Map<string, TemplatePart[]>();
  private readonly reported = new Set<string>();
  /** Header lines seen so far by name, then value; null once a name has too many values to share. */
  private readonly headerTuples = new Map<string, Map<string, Header> | null>();
  /** One copy of each method name (a short slice of the text is a new string per block). */
  private readonly methods = new Map<string, string>();
  /** The one empty `dependsOn` / `unresolved` list of requests that have none (frozen: never mutated). */
  readonly noNames = Object.freeze([]) as unknown as string[];
  readonly baseDir: string;

  constructor(
    readonly options: PlanOptions,
    readonly resolver: Resolver,
    readonly settings: BatchPlan['settings'],
  ) {
    this.baseDir = dirname(resolvePath(options.filePath));
  }

  /**
   * The header tuple for `name: value`; requests with the same header line share one (a
   * large batch repeats `Accept`, `Content-Type`... in every request). Tuples are never
   * mutated: the runner maps them to new ones when it substitutes.
   */
  header(name: string, value: string): Header {
    let byValue = this.headerTuples.get(name);
    if (byValue === null) return this.newHeader(name, value);
    if (byValue === undefined) this.headerTuples.set(name, (byValue = new Map()));
    let tuple = byValue.get(value);
    if (tuple === undefined) {
      if (byValue.size >= MAX_SHARED_VALUES) {
        this.headerTuples.set(name, null);
        return this.newHeader(name, value);
      }
      byValue.set(value, (tuple = this.newHeader(name, value)));
    }
    return tuple;
  }

  /**
   * A new header tuple. Values of secret headers (Authorization, Cookie, *token*, ...) are
   * redacted wherever they show up in reports, such as a response body that echoes the request.
   */
  private newHeader(name: string, value: string): Header {
    for (const v of secretHeaderValues(name, value)) this.secrets.add(v);
    return [own(name), own(value)];
  }

  /** The stored copy of a method name. */
  method(name: string): string {
    let stored = this.methods.get(name);
    if (stored === undefined) this.methods.set(name, (stored = own(name)));
    return stored;
  }

  once(key: string, d: Diagnostic): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diags.push(d);
  }

  read(path: string): Promise<FileContent> {
    let p = this.fileCache.get(path);
    if (!p) {
      p = this.options.files.readFile(path).then(
        (b) => b,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      this.fileCache.set(path, p);
    }
    return p;
  }

  private fileProblem(e: Error, rel: string, abs: string): string {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `file not found: ${quote(rel, PATH_MAX)} (looked for ${quote(abs, PATH_MAX)})`
      : `cannot read ${quote(rel, PATH_MAX)} (${quote(abs, PATH_MAX)}): ${quote(e.message, PATH_MAX)}`;
  }

  /** The `@foreach` data file of a block, read (once per run); null with an error diagnostic when it cannot be. */
  async foreachFile(block: ParsedBlock): Promise<{ rel: string; abs: string; bytes: Uint8Array } | null> {
    const fe = block.foreach!;
    const res = new Resolution();
    const rel = this.resolver.resolve(fe.path.parts, res, fe.path);
    if (res.unresolved.length) {
      this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `the @foreach path '${quote(fe.path.text)}' has unknown variables (${quote(res.unresolved.join(', '))}); the request is not sent` });
      return null;
    }
    const abs = resolvePath(this.baseDir, rel);
    const content = await this.read(abs);
    if (content instanceof Error) {
      this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `@foreach ${this.fileProblem(content, rel, abs)}` });
      return null;
    }
    return { rel, abs, bytes: content };
  }

  /** The data file has errors (its own diagnostics say which). */
  foreachErrors(block: ParsedBlock, rel: string, abs: string): void {
    const fe = block.foreach!;
    this.once(`foreach:${fe.line}`, { severity: 'error', line: fe.line, column: fe.path.column, message: `@foreach ${rel}: the file has errors (see the diagnostics for ${abs})` });
  }

  /** The data file has no records: the request is not sent. */
  foreachEmpty(block: ParsedBlock, rel: string): void {
    const fe = block.foreach!;
    this.once(`foreach:${fe.line}`, { severity: 'warning', line: fe.line, column: fe.path.column, message: `@foreach ${rel} has no records; the request is not sent` });
  }

  async records(block: ParsedBlock): Promise<DataRecord[]> {
    const file = await this.foreachFile(block);
    if (!file) return [];
    const { rel, abs } = file;
    const text = new TextDecoder('utf-8').decode(file.bytes);
    const recs = isJsonPath(abs) ? jsonRecords(text, abs, this.fileDiags) : csvRecords(text, abs, this.fileDiags);
    if (!recs) {
      this.foreachErrors(block, rel, abs);
      return [];
    }
    if (recs.length === 0) this.foreachEmpty(block, rel);
    return recs;
  }

  /** `body` when every line is text (no file to read): the same string, without a promise; null when a line names a file. */
  textBody(lines: readonly BodyLine[], sep: string, res: Resolution): string | null {
    for (const l of lines) if (l.kind !== 'text') return null;
    const pieces = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] as Extract<BodyLine, { kind: 'text' }>;
      const text = this.resolver.resolve(l.text.parts, res, l.text);
      pieces[i] = sep === '' ? text.trim() : text;
    }
    return pieces.length === 1 ? own(pieces[0]!) : pieces.join(sep);
  }

  /** The body of one copy; `sep` joins its lines (`\r\n` multipart, '' a form, else `\n`). */
  async body(lines: readonly BodyLine[], sep: string, res: Resolution): Promise<RequestBody> {
    const pieces: (string | Uint8Array)[] = [];
    let binary = false;
    for (const l of lines) {
      if (l.kind === 'text') {
        const text = this.resolver.resolve(l.text.parts, res, l.text);
        // A form's lines are joined without breaks (format section 13, item 6): indentation goes too.
        pieces.push(sep === '' ? text.trim() : text);
        continue;
      }
      const rel = this.resolver.resolve(l.path.parts, res, l.path);
      const abs = resolvePath(this.baseDir, rel);
      const content = await this.read(abs);
      if (content instanceof Error) {
        this.once(`body:${l.line}:${abs}`, { severity: 'error', line: l.line, column: l.path.column, message: `body ${this.fileProblem(content, rel, abs)}` });
        continue;
      }
      if (!l.substitute) {
        pieces.push(content);
        binary = true;
        continue;
      }
      const key = `${l.encoding ?? 'utf8'}:${abs}`;
      let parts = this.textTemplates.get(key);
      if (!parts) {
        const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString((l.encoding ?? 'utf8') as BufferEncoding);
        parts = compileTemplate(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, -1, -1).parts;
        this.textTemplates.set(key, parts);
      }
      pieces.push(this.resolver.resolve(parts, res, { line: l.line, column: l.column }));
    }
    // Joining several pieces makes a new flat string; one piece may be a slice of the file's text.
    if (!binary) return pieces.length === 1 ? own(pieces[0] as string) : pieces.join(sep);
    const enc = new TextEncoder();
    const chunks = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
    const sepBytes = enc.encode(sep);
    const total = chunks.reduce((n, c) => n + c.byteLength, 0) + sepBytes.byteLength * Math.max(0, chunks.length - 1);
    const out = new Uint8Array(total);
    let at = 0;
    chunks.forEach((c, i) => {
      if (i > 0) {
        out.set(sepBytes, at);
        at += sepBytes.byteLength;
      }
      out.set(c, at);
      at += c.byteLength;
    });
    return out;
  }
}

// Builds the engine-neutral export plan of a parsed .batch.http file: one flow of steps in
// dependency order, with loops, captures, variables, rows and what does not carry over.
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Dataset, ExportAssertion, ExportBody, ExportNote, ExportPlan, ExportStep, StepLoop, Template } from './model';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_POLL_TIMEOUT_MS } from '../runner/polling';
import { NameAllocator } from './names';
import { dependencyOrder } from './order';
import { constantText, normalize, TemplateResolver, type BlockScope } from './resolve';
import type { Diagnostic } from '../types';
import type { ExportInput, SourceBlock, SourceCondition, SourceDocument, SourceText, SourceVariable } from './source';
import { splitTemplate, DEFAULT_TIMEOUT_MS } from '../parser';
import { csvRecords, isJsonPath, jsonRecords } from '../parser/records';
import { expectedTemplate } from '../parser/conditions';

const RESERVED_NAMES = [
  'target', 'vars', 'env', 'res', 'row', 'rows', 'i', 'index', 'ok', 'options', 'http', 'check', 'group',
  'text', 'jsonAt', 'header', 'bodyText', 'uuidv4', 'randomInt', 'shifted', 'formatDate', 'SharedArray', 'open', 'values',
  'batch_http_lbrace', 'batch_http_rbrace',
];

/** Batch directives and what the load engines lack for them. */
const BATCH_NOT_CARRIED: Record<string, string> = {
  'per-host': '@per-host is not carried over: the engines have no per-origin limit',
  deadline: '@deadline is not carried over: the load shape (duration) bounds the test instead',
  retries: '@retries is not carried over: the engines do not retry failed requests',
  rate: '@rate is not carried over: set the load shape (--users, --duration, --arrival-rate) instead',
  bail: '@bail is not carried over: failures do not stop the test',
  traceparent: '@traceparent is not carried over: the exported test sends no trace context header',
  'no-cookie-jar': '@no-cookie-jar is not carried over: the engines keep the cookies servers set, per virtual user',
  http2: '@http2 is not carried over: the engine chooses the HTTP version itself',
};

const REQUEST_NOT_CARRIED: Record<string, string> = {
  retries: '@retries is not carried over: the engines do not retry failed requests',
  'connection-timeout': '@connection-timeout is not carried over: only the whole request timeout is',
  'no-cookie-jar': "@no-cookie-jar is not carried over: this request sends and stores the virtual user's cookies",
  first: '@first is not carried over: the engines send every copy of the group and cannot stop the others once K succeeded',
};

function visibleVariables(doc: SourceDocument, line: number): Map<string, SourceVariable> {
  const map = new Map<string, SourceVariable>();
  for (const v of doc.variables) if (v.line < line) map.set(v.name, v);
  return map;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

class PlanBuilder {
  readonly notes: ExportNote[] = [];
  readonly datasets: Dataset[] = [];
  /** Names the generated code uses itself (Artillery context, k6 script helpers). */
  private readonly names = new NameAllocator(RESERVED_NAMES);
  readonly resolver: TemplateResolver;
  private readonly baseDir: string;

  constructor(private readonly input: ExportInput) {
    this.baseDir = dirname(input.filePath);
    const requests = new Map<string, { repeated: boolean }>();
    for (const b of input.document.blocks) {
      if (b.name !== null && b.http) requests.set(b.name, { repeated: b.repeat !== null || b.foreach !== null });
    }
    this.resolver = new TemplateResolver(input.values, input.secretNames, requests, this.notes, this.names);
  }

  private path(p: string): string {
    return isAbsolute(p) ? p : resolvePath(this.baseDir, p);
  }

  private constantPath(t: Template, line: number, what: string): string | null {
    const text = constantText(t, this.resolver.variables);
    if (text === null || text.trim() === '') {
      this.notes.push({ line, message: `${what} must be a fixed path to be exported; left out` });
      return null;
    }
    return text.trim();
  }

  private url(block: SourceBlock, scope: BlockScope): Template {
    let target = normalize(block.targetParts.flatMap((t) => this.resolver.resolve(t.parts, scope)));
    if (target.length === 1 && target[0]!.kind === 'text' && target[0]!.text === '*') {
      this.notes.push({ line: block.line, message: "'OPTIONS *' (the asterisk form) cannot be sent by k6 or Artillery: exported as 'OPTIONS /' to the same origin" });
      target = [{ kind: 'text', text: '/' }];
    }
    const first = target[0];
    if (first?.kind !== 'text' || !first.text.startsWith('/')) return target;
    const base = this.resolver.lookup('baseUrl', scope);
    if (base) {
      const last = base[base.length - 1];
      const baseText = last ? constantText([last], this.resolver.variables) : null;
      if (last && baseText !== null && baseText.endsWith('/')) base[base.length - 1] = { kind: 'text', text: baseText.replace(/\/+$/, '') };
      return normalize([...base, ...target]);
    }
    const host = this.resolver.lookup('host', scope);
    if (host) {
      const hostText = constantText(host, this.resolver.variables);
      const scheme = hostText !== null && /^https?:\/\//i.test(hostText) ? [] : [{ kind: 'text', text: 'http://' } as const];
      return normalize([...scheme, ...host, ...target]);
    }
    const hostHeader = block.headers.find((h) => h.name.text.trim().toLowerCase() === 'host');
    if (hostHeader) return normalize([{ kind: 'text', text: 'http://' }, ...this.resolver.resolve(hostHeader.value.parts, scope), ...target]);
    this.notes.push({ line: block.line, message: `the target ${first.text} has no baseUrl, host or Host header to start from` });
    return target;
  }

  /** A header name: written, or made of variables with fixed values. */
  private headerName(name: SourceText, scope: BlockScope): string {
    const text = constantText(this.resolver.resolve(name.parts, scope), this.resolver.variables);
    if (text !== null) return text.trim();
    this.notes.push({ line: name.line, message: `the header name ${name.text.trim()} changes at run time; it is sent as written` });
    return name.text.trim();
  }

  private async body(block: SourceBlock, scope: BlockScope, multipart: boolean): Promise<ExportBody | null> {
    const lines = block.body;
    if (!lines || lines.length === 0) return null;
    const only = lines[0]!;
    if (lines.length === 1 && only.kind === 'file' && !only.substitute) {
      const rel = this.constantPath(this.resolver.resolve(only.path.parts, scope), only.line, 'a body file');
      if (rel === null) return null;
      const bytes = await this.read(rel, only.line);
      return bytes ? { kind: 'file', path: this.path(rel), bytes, text: decodeUtf8(bytes) } : null;
    }
    const parts: Template = [];
    const eol = multipart ? '\r\n' : '\n';
    for (const [i, line] of lines.entries()) {
      if (i > 0) parts.push({ kind: 'text', text: eol });
      if (line.kind === 'text') {
        parts.push(...this.resolver.resolve(line.text.parts, scope));
        continue;
      }
      const rel = this.constantPath(this.resolver.resolve(line.path.parts, scope), line.line, 'a body file');
      const bytes = rel === null ? null : await this.read(rel, line.line);
      if (!bytes) continue;
      const text = line.substitute ? new TextDecoder(line.encoding ?? 'utf-8').decode(bytes) : decodeUtf8(bytes);
      if (text === null) {
        this.notes.push({ line: line.line, message: `${rel} is not UTF-8 text and other body lines surround it; left out` });
        continue;
      }
      parts.push(...(line.substitute ? this.resolver.resolve(splitTemplate(text, line.line, 1), scope) : [{ kind: 'text' as const, text }]));
    }
    return { kind: 'template', template: normalize(parts) };
  }

  private async read(rel: string, line: number): Promise<Uint8Array | null> {
    try {
      return await this.input.files.readFile(this.path(rel));
    } catch (err) {
      this.notes.push({ line, message: `cannot read ${rel} (${(err as Error).message}); left out` });
      return null;
    }
  }

  /** The rows of a `@foreach` file, with the fields in header (or first-seen) order. */
  private async records(rel: string): Promise<{ fields: string[]; rows: Record<string, string>[] }> {
    const abs = this.path(rel);
    const text = new TextDecoder().decode(await this.input.files.readFile(abs));
    const diags: Diagnostic[] = [];
    const rows = isJsonPath(abs) ? jsonRecords(text, abs, diags) : csvRecords(text, abs, diags);
    if (rows === null) throw new Error(diags.map((d) => d.message).join('; '));
    const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return { fields, rows };
  }

  private async loop(block: SourceBlock): Promise<{ loop: StepLoop | null; fields: Set<string> | null }> {
    if (block.foreach) {
      const scope: BlockScope = { line: block.line, fileVars: visibleVariables(this.input.document, block.line), fields: null, inLoop: false };
      const rel = this.constantPath(this.resolver.resolve(block.foreach.path.parts, scope), block.foreach.line, 'the @foreach path');
      if (rel !== null) {
        try {
          const records = await this.records(rel);
          const id = this.names.allocate(`${block.name ?? `request_${block.blockIndex + 1}`}_rows`);
          this.datasets.push({ id, sourcePath: rel, ...records });
          if (block.repeat !== null) this.notes.push({ line: block.line, message: '@repeat together with @foreach: only @foreach is carried over' });
          return { loop: { kind: 'foreach', dataset: this.datasets.length - 1 }, fields: new Set(records.fields) };
        } catch (err) {
          this.notes.push({ line: block.foreach.line, message: `cannot read the @foreach file ${rel} (${(err as Error).message}); the request is sent once` });
        }
      }
    }
    if (block.repeat !== null) return { loop: { kind: 'repeat', count: block.repeat }, fields: null };
    return { loop: null, fields: null };
  }

  async step(block: SourceBlock, defaultTimeoutMs: number): Promise<ExportStep> {
    for (const d of block.directives) {
      const why = REQUEST_NOT_CARRIED[d.key];
      if (why) this.notes.push({ line: d.line, message: why });
    }
    const { loop, fields } = await this.loop(block);
    const scope: BlockScope = { line: block.line, fileVars: visibleVariables(this.input.document, block.line), fields, inLoop: loop !== null };
    const url = this.url(block, scope);
    const headers = block.headers.map((h) => ({ name: this.headerName(h.name, scope), value: this.resolver.resolve(h.value.parts, scope) }));
    const contentType = block.headers.find((h) => h.name.text.trim().toLowerCase() === 'content-type')?.value.text ?? '';
    const body = await this.body(block, scope, /^\s*multipart\//i.test(contentType));
    const timeoutMs = block.settings.timeoutMs ?? defaultTimeoutMs;
    const dependsOn = [...new Set(block.dependsOn.map((d) => d.name))];
    const target = block.targetParts.map((t) => t.text).join('');
    return {
      blockIndex: block.blockIndex,
      name: block.name,
      label: block.title ?? block.name ?? `${block.method} ${target}`,
      line: block.line,
      method: block.method,
      url,
      headers,
      body,
      timeoutMs: timeoutMs === defaultTimeoutMs ? null : timeoutMs,
      followRedirects: block.settings.followRedirects ?? true,
      expectStatus: block.settings.expectStatus ?? null,
      loop,
      captures: [],
      dependsOn,
      assertions: (block.assertions ?? []).map((a) => this.condition(a, scope)),
      poll: block.until
        ? {
            until: this.condition(block.until, scope),
            intervalMs: block.settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
            timeoutMs: block.settings.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
          }
        : null,
    };
  }

  private condition(a: SourceCondition, scope: BlockScope): ExportAssertion {
    const expected = expectedTemplate(a);
    return { line: a.line, text: a.text, field: a.field, arg: a.arg, op: a.op, expected: expected && normalize(this.resolver.resolve(expected.parts, scope)) };
  }
}

/** Maps a parsed batch to the engine-neutral export plan. Reads `@foreach` and body files through `input.files`. */
export async function buildExportPlan(input: ExportInput): Promise<ExportPlan> {
  const doc = input.document;
  const builder = new PlanBuilder(input);
  for (const d of doc.batchDirectives) {
    const why = BATCH_NOT_CARRIED[d.key];
    if (why) builder.notes.push({ line: d.line, message: why });
  }
  const defaultTimeoutMs = doc.batchSettings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const steps: ExportStep[] = [];
  for (const block of doc.blocks) {
    if (!block.http) {
      builder.notes.push({ line: block.line, message: `${block.method} is not an HTTP request; left out (as in the batch)` });
      continue;
    }
    steps.push(await builder.step(block, defaultTimeoutMs));
  }
  for (const step of steps) {
    step.captures = step.name === null ? [] : (builder.resolver.captures.get(step.name) ?? []);
  }
  const captureOwner = new Map<string, string>();
  for (const [request, caps] of builder.resolver.captures) for (const c of caps) captureOwner.set(c.name, request);
  for (const step of steps) {
    const used = new Set(step.dependsOn);
    const conditions = [...step.assertions, ...(step.poll ? [step.poll.until] : [])];
    const templates = [step.url, ...step.headers.map((h) => h.value), ...(step.body?.kind === 'template' ? [step.body.template] : []), ...conditions.flatMap((a) => (a.expected ? [a.expected] : []))];
    for (const t of templates) for (const p of t) if (p.kind === 'capture') used.add(captureOwner.get(p.name)!);
    used.delete(step.name ?? '');
    step.dependsOn = [...used];
  }
  const { ordered, cyclic } = dependencyOrder(steps);
  for (const s of cyclic) builder.notes.push({ line: s.line, message: `${s.label} is part of a dependency cycle; kept in file order` });
  const notes = [...builder.notes].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    sourceFile: input.filePath,
    environmentName: input.environmentName,
    concurrency: input.concurrency ?? doc.batchSettings.concurrency ?? null,
    timeoutMs: defaultTimeoutMs,
    variables: [...builder.resolver.variables].map(([name, value]) => ({ name, value })),
    envNames: [...builder.resolver.envNames],
    datasets: builder.datasets,
    steps: ordered,
    notes,
  };
}

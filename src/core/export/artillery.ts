// Renders an export plan as an Artillery 2 test script (YAML): one scenario whose flow holds
// the batch's requests in dependency order, with captures, loops, payload rows, variables,
// and a processor file for the dynamic values Artillery has no template function for.
import { basename } from 'node:path';
import { Document } from 'yaml';
import { dynamicExpression, helperSource, helpersFor, type HelperName } from './dynamic-js';
import { cappedUsers, describeShape, type LoadShape } from './load';
import { artilleryChecks } from './checks-artillery';
import { artilleryPoll, pollSupportSource } from './poll-artillery';
import type { Dataset, ExportNote, ExportPlan, ExportStep, Template } from './model';
import { constantText } from './resolve';
import { cookieNote, csvText, expandStatusList, mergeHeaders, notesHeader, mergedNote, type ExportFile, type ExportResult } from './output';

export interface ArtilleryOptions {
  /** File name of the scenario (no directory); sibling files are named after it. */
  fileName: string;
  shape: LoadShape;
}

const DYNAMICS_FUNCTION = 'batchHttpDynamics';

interface Context {
  plan: ExportPlan;
  notes: ExportNote[];
  /** Dynamic values computed by the processor: id to JS expression. */
  processorValues: Map<string, string>;
  helpers: Set<HelperName>;
  /** Field name in the CSV header, per dataset and source field. */
  fieldNames: Map<number, Map<string, string>>;
  usesExpect: boolean;
  /** True when a template needed the brace variables. */
  braces: boolean;
  /** Captures Artillery has no capture for (status, XPath). */
  uncapturable: ReadonlySet<string>;
  /** Processor functions of `@until` polling: name and source. */
  pollFunctions: { names: string[]; source: string }[];
}

function baseName(fileName: string): string {
  return fileName.replace(/\.(ya?ml)$/i, '');
}

/** The loop variable holding the current `@foreach` row, and its dataset. */
interface RowVar {
  name: string;
  dataset: number;
}

/** Variables holding a brace: Artillery's `{{{var}}}` syntax would eat a brace next to a template. */
export const BRACE_VARS = { open: 'batch_http_lbrace', close: 'batch_http_rbrace' } as const;

function refText(p: Exclude<Template[number], { kind: 'text' }>, ctx: Context, row: RowVar | null): string {
  switch (p.kind) {
    case 'var':
      return `{{ ${p.name} }}`;
    case 'capture':
      // A value Artillery cannot capture (listed in the notes) is sent empty.
      return ctx.uncapturable.has(p.name) ? '' : `{{ ${p.name} }}`;
    case 'env':
      return `{{ $env.${p.envName} }}`;
    case 'index':
      return '{{ $loopCount }}';
    case 'field':
      return row ? `{{ ${row.name}.${ctx.fieldNames.get(row.dataset)?.get(p.field) ?? p.field} }}` : '';
    case 'dynamic':
      if (p.value.fn === 'randomInt' && p.value.min >= 0) {
        // Artillery's own generator; its upper bound is inclusive.
        return `{{ $randomNumber(${p.value.min}, ${p.value.max - 1}) }}`;
      }
      ctx.processorValues.set(p.id, dynamicExpression(p.value));
      for (const h of helpersFor(p.value)) ctx.helpers.add(h);
      return `{{ ${p.id} }}`;
  }
}

function render(t: Template, ctx: Context, row: RowVar | null): string {
  let out = '';
  let afterRef = false;
  for (const p of t) {
    if (p.kind === 'text') {
      let text = p.text;
      if (afterRef && text.startsWith('}')) {
        text = `{{ ${BRACE_VARS.close} }}${text.slice(1)}`;
        ctx.braces = true;
      }
      out += text;
      afterRef = false;
      continue;
    }
    const ref = refText(p, ctx, row);
    if (ref === '') continue;
    if (out.endsWith('{')) {
      out = `${out.slice(0, -1)}{{ ${BRACE_VARS.open} }}`;
      ctx.braces = true;
    }
    out += ref;
    afterRef = true;
  }
  return out;
}

function usesProcessor(t: Template): boolean {
  return t.some((p) => p.kind === 'dynamic' && !(p.value.fn === 'randomInt' && p.value.min >= 0));
}

function captureSpec(step: ExportStep, ctx: Context): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const c of step.captures) {
    switch (c.source) {
      case 'json':
        out.push({ json: c.path, as: c.name });
        break;
      case 'header':
        out.push({ header: c.path, as: c.name });
        break;
      case 'body':
        out.push({ regexp: '^[\\s\\S]*$', as: c.name });
        break;
      case 'status':
      case 'xpath':
        ctx.notes.push({
          line: step.line,
          message: `${step.label}: Artillery cannot capture the response ${c.source === 'status' ? 'status' : `XPath ${c.path}`}; the steps that use it get an empty value`,
        });
        break;
    }
  }
  return out;
}

function requestSpec(step: ExportStep, ctx: Context, row: RowVar | null): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: step.label, url: render(step.url, ctx, row) };
  const { headers, merged } = mergeHeaders(step.headers);
  if (merged.length > 0) ctx.notes.push(mergedNote(step, merged));
  if (headers.length > 0) spec.headers = Object.fromEntries(headers.map((h) => [h.name, render(h.value, ctx, row)]));
  if (step.body?.kind === 'template') spec.body = render(step.body.template, ctx, row);
  else if (step.body?.kind === 'file') {
    if (step.body.text === null) {
      ctx.notes.push({ line: step.line, message: `${step.label}: the binary body file ${step.body.path} cannot be sent by an Artillery YAML scenario; left out` });
    } else {
      if (step.body.text.includes('{{')) ctx.notes.push({ line: step.line, message: `${step.label}: Artillery fills in {{ }} inside the body file's text` });
      spec.body = step.body.text;
    }
  }
  if (!step.followRedirects) spec.followRedirect = false;
  if (step.timeoutMs !== null) {
    ctx.notes.push({ line: step.line, message: `${step.label}: Artillery has one timeout for all requests; @timeout ${step.timeoutMs} ms of this request is not carried over` });
  }
  const checks = artilleryChecks(step, (t) => render(t, ctx, row), ctx.notes);
  const capture = [...captureSpec(step, ctx), ...checks.capture];
  if (capture.length > 0) spec.capture = capture;
  const expect = [...(step.expectStatus !== null ? [{ statusCode: expandStatusList(step.expectStatus) }] : []), ...checks.expect];
  if (expect.length > 0) {
    ctx.usesExpect = true;
    spec.expect = expect;
  }
  return { [step.method.toLowerCase()]: spec };
}

function stepItems(step: ExportStep, ctx: Context): Record<string, unknown>[] {
  const row = step.loop?.kind === 'foreach' ? { name: `row_${step.loop.dataset}`, dataset: step.loop.dataset } : null;
  const templates = [step.url, ...step.headers.map((h) => h.value), ...(step.body?.kind === 'template' ? [step.body.template] : [])];
  const inner: Record<string, unknown>[] = [];
  if (templates.some(usesProcessor)) inner.push({ function: DYNAMICS_FUNCTION });
  const request = requestSpec(step, ctx, row);
  const poll = artilleryPoll(step, ctx.notes);
  if (poll) {
    // `@until`: the request in a loop that runs while the condition does not hold yet.
    const spec = request[step.method.toLowerCase()] as Record<string, unknown>;
    spec.capture = [...((spec.capture as unknown[] | undefined) ?? []), poll.capture];
    spec.afterResponse = poll.afterResponse;
    ctx.pollFunctions.push({ names: [poll.afterResponse, poll.whileTrue], source: poll.source });
    inner.push({ loop: [request], whileTrue: poll.whileTrue });
  } else inner.push(request);
  if (!step.loop) return inner;
  if (step.loop.kind === 'repeat') return [{ loop: inner, count: step.loop.count }];
  const dataset = ctx.plan.datasets[step.loop.dataset]!;
  return [{ loop: inner, over: dataset.id, loopElement: row!.name }];
}

function phases(shape: LoadShape, cap: number | null, notes: ExportNote[]): Record<string, number | string>[] {
  const maxVusers = (users: number): Record<string, number> => (cap === null ? {} : { maxVusers: cappedUsers(users, cap) });
  switch (shape.kind) {
    case 'iterations':
      if (cap !== null && shape.users > cap) {
        notes.push({ line: null, message: `Artillery skips arrivals beyond maxVusers (${cap}, from @concurrency): fewer than ${shape.users} users may run` });
      }
      return [{ name: 'batch', duration: 1, arrivalCount: shape.users, ...maxVusers(shape.users) }];
    case 'duration':
      notes.push({
        line: null,
        message: `Artillery has no fixed pool of users: ${shape.users} users arrive every second for ${shape.durationS} s, at most ${cappedUsers(shape.users, cap)} at once`,
      });
      return [{ name: 'batch', duration: shape.durationS, arrivalRate: shape.users, maxVusers: cappedUsers(shape.users, cap) }];
    case 'arrival':
      return [{ name: 'batch', duration: shape.durationS, arrivalRate: shape.ratePerS, ...maxVusers(Number.MAX_SAFE_INTEGER) }];
  }
}

function payloadEntry(dataset: Dataset, index: number, fileName: string, ctx: Context): { entry: Record<string, unknown>; file: ExportFile } {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const f of dataset.fields) {
    let name = f.replace(/[^A-Za-z0-9_]+/g, '_') || 'field';
    for (let n = 2; used.has(name); n++) name = `${name.replace(/_\d+$/, '')}_${n}`;
    used.add(name);
    names.set(f, name);
  }
  ctx.fieldNames.set(index, names);
  const path = `${baseName(fileName)}.${dataset.id}.csv`;
  const fields = dataset.fields.map((f) => names.get(f)!);
  return {
    entry: { path: `./${path}`, fields, skipHeader: true, cast: false, skipEmptyLines: false, loadAll: true, name: dataset.id },
    file: { name: path, content: csvText(fields, dataset.rows.map((r) => dataset.fields.map((f) => r[f] ?? ''))) },
  };
}

function processorSource(plan: ExportPlan, ctx: Context): string {
  if (ctx.processorValues.size === 0) return pollProcessorSource(plan, ctx);
  const entries = [...ctx.processorValues].map(([id, expr]) => `  ${id}: () => ${expr},`).join('\n');
  const polls = ctx.pollFunctions.length > 0 ? `\n${pollSources(ctx)}\n` : '';
  const exported = [DYNAMICS_FUNCTION, ...ctx.pollFunctions.flatMap((p) => p.names)].join(', ');
  return `// Dynamic values of ${basename(plan.sourceFile)}, exported by batch-http for Artillery.
// Each request that uses one runs ${DYNAMICS_FUNCTION} first, so every copy gets fresh values.
'use strict';

${helperSource(ctx.helpers)}

/** @type {Record<string, () => string>} */
const values = {
${entries}
};

/** @param {{ vars: Record<string, unknown> }} context @param {unknown} _events @param {() => void} done */
function ${DYNAMICS_FUNCTION}(context, _events, done) {
  for (const [name, make] of Object.entries(values)) context.vars[name] = make();
  done();
}
${polls}
module.exports = { ${exported} };
`;
}

function pollSources(ctx: Context): string {
  return [pollSupportSource(), ...ctx.pollFunctions.map((p) => p.source)].join('\n\n');
}

/** The processor file when only `@until` polling needs one. */
function pollProcessorSource(plan: ExportPlan, ctx: Context): string {
  return `// @until polling of ${basename(plan.sourceFile)}, exported by batch-http for Artillery.
'use strict';

${pollSources(ctx)}

module.exports = { ${ctx.pollFunctions.flatMap((p) => p.names).join(', ')} };
`;
}

function target(plan: ExportPlan): string {
  const first = plan.steps[0];
  const values = new Map(plan.variables.map((v) => [v.name, v.value]));
  const prefix: Template = [];
  for (const p of first?.url ?? []) {
    if (p.kind !== 'text' && p.kind !== 'var') break;
    prefix.push(p);
  }
  const m = /^https?:\/\/[^/?#\s]+/i.exec(constantText(prefix, values) ?? '');
  return m ? m[0] : 'http://localhost';
}

/** Renders the Artillery scenario and its sibling files (payload CSVs, processor). */
export function toArtillery(plan: ExportPlan, options: ArtilleryOptions): ExportResult {
  const ctx: Context = {
    plan,
    notes: [cookieNote('Artillery'), ...plan.notes],
    processorValues: new Map(),
    helpers: new Set(),
    fieldNames: new Map(),
    usesExpect: false,
    braces: false,
    uncapturable: new Set(plan.steps.flatMap((s) => s.captures.filter((c) => c.source === 'status' || c.source === 'xpath').map((c) => c.name))),
    pollFunctions: [],
  };
  const files: ExportFile[] = [];
  const payload = plan.datasets.map((d, i) => {
    const { entry, file } = payloadEntry(d, i, options.fileName, ctx);
    files.push(file);
    return entry;
  });
  const flow = plan.steps.flatMap((s) => stepItems(s, ctx));
  if (payload.length > 0 && options.shape.kind !== 'iterations') {
    ctx.notes.push({
      line: null,
      message: 'run locally with users arriving at a rate, Artillery splits the @foreach rows between its workers (one per CPU but one); set WORKERS=1 so that every user gets every row',
    });
  }
  const config: Record<string, unknown> = {
    target: target(plan),
    phases: phases(options.shape, plan.concurrency, ctx.notes),
    http: { timeout: plan.timeoutMs / 1000 },
  };
  if (ctx.processorValues.size > 0 || ctx.pollFunctions.length > 0) {
    const name = `${baseName(options.fileName)}.functions.js`;
    config.processor = `./${name}`;
    files.push({ name, content: processorSource(plan, ctx) });
  }
  if (payload.length > 0) config.payload = payload;
  const variables: Record<string, string> = Object.fromEntries(plan.variables.map((v) => [v.name, v.value]));
  if (ctx.braces) Object.assign(variables, { [BRACE_VARS.open]: '{', [BRACE_VARS.close]: '}' });
  if (Object.keys(variables).length > 0) config.variables = variables;
  if (ctx.usesExpect) config.plugins = { expect: { reportFailuresAsErrors: true } };
  const doc = new Document({ config, scenarios: [{ name: basename(plan.sourceFile), flow }] });
  const header = notesHeader('Artillery test', plan, describeShape(options.shape), ctx.notes, [
    `Run: npx artillery run ${options.fileName} (Artillery 2; on Node 20 use artillery@2.0.21)`,
    `Distributed: artillery run-lambda / run-fargate ${options.fileName} (see docs/scaling-out.md)`,
  ]);
  const yaml = doc.toString({ lineWidth: 0 });
  files.unshift({ name: options.fileName, content: `${header}${yaml}` });
  return { files, notes: ctx.notes };
}

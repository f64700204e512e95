// Renders an export plan as a k6 script (ES module): `k6/http` requests in dependency order,
// one `group` per request, `check`s for the expected statuses, captures through
// `res.json()` paths and headers, `SharedArray` rows for `@foreach`, and `scenarios` for the
// load shape. A request whose dependency failed is skipped, as in the batch.
import { relative } from 'node:path';
import { dynamicExpression, helperSource, helpersFor, type HelperName } from './dynamic-js';
import { cappedUsers, describeShape, type LoadShape } from './load';
import { k6AssertionEntries, k6AssertionSupport, k6Condition, statusByAssertions, whyNot, type K6AssertionUse } from './checks-k6';
import type { Capture, ExportNote, ExportPlan, ExportStep, Template } from './model';
import { cookieNote, mergedNote, mergeHeaders, notesHeader, type ExportFile, type ExportResult } from './output';

export interface K6Options {
  /** File name of the script (no directory); sibling files are named after it. */
  fileName: string;
  /** Absolute directory the script is written to (file bodies are opened relative to it). */
  outDir: string;
  shape: LoadShape;
}

interface Context {
  plan: ExportPlan;
  notes: ExportNote[];
  helpers: Set<HelperName>;
  /** `< path` bodies opened at init: path to constant name. */
  bodyFiles: Map<string, string>;
  assertions: K6AssertionUse;
  /** True when a step polls (`@until`): the script imports `sleep` and has `pollWait`. */
  polls: boolean;
}

const js = (s: string): string => JSON.stringify(s);

/** Property access for a generated object (`vars.host`, `vars["a-b"]`). */
function prop(obj: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${obj}.${key}` : `${obj}[${js(key)}]`;
}

function expression(t: Template, ctx: Context, rowVar: string | null): string {
  const pieces = t.map((p): string => {
    switch (p.kind) {
      case 'text':
        return js(p.text);
      case 'var':
        return prop('vars', p.name);
      case 'env':
        return prop('env', p.envName);
      case 'capture':
        return p.name;
      case 'index':
        return 'String(i)';
      case 'field':
        return rowVar ? `String(${rowVar}[${js(p.field)}] ?? '')` : "''";
      case 'dynamic':
        for (const h of helpersFor(p.value)) ctx.helpers.add(h);
        return dynamicExpression(p.value);
    }
  });
  if (pieces.length === 0) return "''";
  return pieces.length === 1 && t[0]!.kind !== 'index' ? pieces[0]! : pieces.join(' + ');
}

/** A gjson path (`a.b.0.c`) for a JSON path (`$.a.b[0].c`), or null when it has other syntax. */
export function toGjsonPath(path: string): string | null {
  if (path === '$') return '';
  const segments: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== at) return null;
    segments.push((m[1] ?? m[2] ?? m[3] ?? m[4]!).replace(/[.*?|#@\\]/g, '\\$&'));
  }
  return path.startsWith('$') ? segments.join('.') : null;
}

function captureStatement(c: Capture, step: ExportStep, ctx: Context): string | null {
  switch (c.source) {
    case 'status':
      return `${c.name} = String(res.status);`;
    case 'body':
      return `${c.name} = bodyText(res.body);`;
    case 'header':
      return `${c.name} = header(res.headers, ${js(c.path)});`;
    case 'json': {
      const path = toGjsonPath(c.path);
      if (path === null) {
        ctx.notes.push({ line: step.line, message: `${step.label}: the JSON path ${c.path} has no k6 (gjson) equivalent; the steps that use it get an empty value` });
        return null;
      }
      return `${c.name} = jsonAt(res, ${js(path)});`;
    }
    case 'xpath':
      ctx.notes.push({ line: step.line, message: `${step.label}: k6 cannot evaluate the XPath ${c.path}; the steps that use it get an empty value` });
      return null;
  }
}

/** The expected statuses as a JavaScript condition over `r.status`. */
export function statusCondition(expect: string | null): string {
  if (expect === null) return 'r.status >= 200 && r.status < 400';
  const exact: number[] = [];
  const conds: string[] = [];
  for (const raw of expect.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item.endsWith('xx')) conds.push(`Math.floor(r.status / 100) === ${item[0]}`);
    else exact.push(Number(item));
  }
  if (exact.length === 1) conds.unshift(`r.status === ${exact[0]}`);
  else if (exact.length > 1) conds.unshift(`[${exact.join(', ')}].includes(r.status)`);
  return conds.join(' || ');
}

function bodyExpression(step: ExportStep, ctx: Context, rowVar: string | null): string {
  const body = step.body;
  if (!body) return 'null';
  if (body.kind === 'template') return expression(body.template, ctx, rowVar);
  let name = ctx.bodyFiles.get(body.path);
  if (!name) {
    name = `bodyFile${ctx.bodyFiles.size + 1}`;
    ctx.bodyFiles.set(body.path, name);
  }
  return name;
}

function indent(lines: string[], by: string): string[] {
  return lines.map((l) => (l === '' ? l : by + l));
}

function stepLines(step: ExportStep, ctx: Context, tracked: ReadonlySet<string>): string[] {
  const rowVar = step.loop?.kind === 'foreach' ? 'row' : null;
  const { headers, merged } = mergeHeaders(step.headers);
  if (merged.length > 0) ctx.notes.push(mergedNote(step, merged));
  const params = [
    headers.length === 0 ? 'headers: {}' : `headers: { ${headers.map((h) => `${js(h.name)}: ${expression(h.value, ctx, rowVar)}`).join(', ')} }`,
    `tags: { name: ${js(step.label)} }`,
    `timeout: '${step.timeoutMs ?? ctx.plan.timeoutMs}ms'`,
    ...(step.followRedirects ? [] : ['redirects: 0']),
  ];
  const send = (lhs: string): string[] => [
    `${lhs} = http.request(${js(step.method)}, ${expression(step.url, ctx, rowVar)}, ${bodyExpression(step, ctx, rowVar)}, {`,
    ...indent(params.map((p) => `${p},`), '  '),
    '});',
  ];
  const checkName = `${step.label}: status ${step.expectStatus ?? '2xx or 3xx'}`;
  // `?? status` lines replace the default expected statuses (format section 6).
  const entries = statusByAssertions(step) ? [] : [`${js(checkName)}: (r) => ${statusCondition(step.expectStatus)}`];
  const until = pollCondition(step, ctx, rowVar);
  const request = until === null ? send('const res') : pollLines(step, until, send);
  if (until !== null) entries.push(`${js(`${step.label}: @until ${step.poll!.until.text}`)}: (r) => ${until}`);
  entries.push(...k6AssertionEntries(step, (t) => expression(t, ctx, rowVar), toGjsonPath, ctx.notes, ctx.assertions));
  const checked = `check(res, { ${entries.join(', ')} })`;
  const track = step.name !== null && tracked.has(step.name) ? step.name : null;
  const captures = step.captures.map((c) => captureStatement(c, step, ctx)).filter((s): s is string => s !== null);
  let body: string[];
  if (!step.loop) {
    body = [...request, track ? `${prop('ok', track)} = ${checked};` : `${checked};`, ...captures];
  } else {
    const inner = [
      ...(rowVar ? [`const row = ${ctx.plan.datasets[(step.loop as { dataset: number }).dataset]!.id}[i];`] : []),
      ...request,
      track ? `${prop('ok', track)} = ${checked} && ${prop('ok', track)};` : `${checked};`,
    ];
    const count = step.loop.kind === 'repeat' ? String(step.loop.count) : `${ctx.plan.datasets[step.loop.dataset]!.id}.length`;
    body = [...(track ? [`${prop('ok', track)} = true;`] : []), `for (let i = 0; i < ${count}; i++) {`, ...indent(inner, '  '), '}'];
  }
  // k6 rejects group names that contain '::'.
  const grouped = [`group(${js(step.label.replace(/::/g, ': '))}, () => {`, ...indent(body, '  '), '});'];
  const needs = step.dependsOn.filter((d) => tracked.has(d));
  if (needs.length === 0) return grouped;
  return [`if (${needs.map((d) => prop('ok', d)).join(' && ')}) {`, ...indent(grouped, '  '), '}'];
}

/** The `@until` condition over `r`, or null when the step does not poll (or k6 cannot evaluate it: a note). */
function pollCondition(step: ExportStep, ctx: Context, rowVar: string | null): string | null {
  const poll = step.poll;
  if (!poll) return null;
  const until = k6Condition(poll.until, (t) => expression(t, ctx, rowVar), toGjsonPath, ctx.assertions);
  if (until === null) {
    ctx.notes.push({ line: poll.until.line, message: `${step.label}: k6 cannot evaluate '@until ${poll.until.text}' (${whyNot(poll.until)}); the request is sent once, without polling` });
    return null;
  }
  ctx.polls = true;
  return until;
}

/**
 * `@until` as a k6 loop: send, then while the status is expected and the condition does not
 * hold, sleep the poll interval (or the response's Retry-After) and send again, until the
 * next poll would start after `@poll-timeout`.
 */
function pollLines(step: ExportStep, until: string, send: (lhs: string) => string[]): string[] {
  const poll = step.poll!;
  return [
    ...send('let res'),
    `const pollEnd = Date.now() + ${poll.timeoutMs}; // @poll-timeout`,
    `while (((r) => ${statusCondition(step.expectStatus)})(res) && !((r) => ${until})(res)) {`,
    `  const wait = pollWait(res, ${poll.intervalMs}); // @poll-interval, or Retry-After`,
    '  if (Date.now() + wait > pollEnd) break;',
    '  sleep(wait / 1000);',
    ...indent(send('res'), '  '),
    '}',
  ];
}

const POLL_SUPPORT = `/** The wait before the next poll, ms: the response's Retry-After (seconds, at most 60) or the interval. @param {{ headers: Record<string, string> }} res @param {number} intervalMs */
function pollWait(res, intervalMs) {
  const after = header(res.headers, 'retry-after').trim();
  return /^\\d+$/.test(after) ? Math.min(60, Number(after)) * 1000 : intervalMs;
}`;

function scenario(shape: LoadShape, cap: number | null, notes: ExportNote[]): Record<string, unknown> {
  if (shape.kind !== 'arrival' && cap !== null && shape.users > cap) {
    notes.push({ line: null, message: `${shape.users} users are capped at ${cap} virtual users by @concurrency` });
  }
  switch (shape.kind) {
    case 'iterations':
      return { executor: 'shared-iterations', vus: cappedUsers(shape.users, cap), iterations: shape.users };
    case 'duration':
      return { executor: 'constant-vus', vus: cappedUsers(shape.users, cap), duration: `${shape.durationS}s` };
    case 'arrival':
      return {
        executor: 'constant-arrival-rate',
        rate: shape.ratePerS,
        timeUnit: '1s',
        duration: `${shape.durationS}s`,
        preAllocatedVUs: cap ?? Math.max(1, Math.ceil(shape.ratePerS)),
        ...(cap === null ? {} : { maxVUs: cap }),
      };
  }
}

const SUPPORT = `/** A captured value as text: strings as they are, other JSON values as JSON. @param {unknown} v */
function text(v) {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}

/** A value of a JSON response body by gjson path ('' for the whole body), as text; '' when the body is not JSON. @param {{ json(selector?: string): unknown }} res @param {string} path */
function jsonAt(res, path) {
  try {
    return text(path === '' ? res.json() : res.json(path));
  } catch {
    return '';
  }
}

/** A response header, by case-insensitive name. @param {Record<string, string>} headers @param {string} name */
function header(headers, name) {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? '' : headers[key] ?? '';
}

/** A response body as text. @param {unknown} body */
function bodyText(body) {
  return typeof body === 'string' ? body : '';
}`;

/** Renders the k6 script and its sibling files (rows as JSON). */
export function toK6(plan: ExportPlan, options: K6Options): ExportResult {
  const ctx: Context = { plan, notes: [cookieNote('k6'), ...plan.notes], helpers: new Set(), bodyFiles: new Map(), assertions: { support: false, crypto: false }, polls: false };
  const files: ExportFile[] = [];
  const base = options.fileName.replace(/\.(m?js)$/i, '');
  const tracked = new Set(plan.steps.flatMap((s) => s.dependsOn));
  const captureNames = plan.steps.flatMap((s) => s.captures.map((c) => c.name));
  const stepCode = plan.steps.flatMap((s) => ['', ...stepLines(s, ctx, tracked)]);
  const lines: string[] = [
    "import http from 'k6/http';",
    ctx.polls ? "import { check, group, sleep } from 'k6';" : "import { check, group } from 'k6';",
    ...(ctx.assertions.crypto ? ["import crypto from 'k6/crypto';"] : []),
    ...(plan.datasets.length > 0 ? ["import { SharedArray } from 'k6/data';"] : []),
    '',
    `export const options = ${JSON.stringify({ scenarios: { batch: scenario(options.shape, plan.concurrency, ctx.notes) } }, null, 2)};`,
    '',
    `const vars = ${JSON.stringify(Object.fromEntries(plan.variables.map((v) => [v.name, v.value])), null, 2)};`,
  ];
  if (plan.envNames.length > 0) {
    lines.push('', 'const env = {', ...plan.envNames.map((n) => `  ${n}: __ENV.${n} ?? '',`), '};');
  }
  for (const d of plan.datasets) {
    const name = `${base}.${d.id}.json`;
    files.push({ name, content: `${JSON.stringify(d.rows, null, 2)}\n` });
    lines.push('', `const ${d.id} = new SharedArray(${js(d.id)}, () => /** @type {Record<string, string>[]} */ (JSON.parse(open(${js(`./${name}`)}))));`);
  }
  for (const [path, name] of ctx.bodyFiles) {
    const rel = relative(options.outDir, path).split('\\').join('/');
    lines.push('', `const ${name} = open(${js(rel.startsWith('.') ? rel : `./${rel}`)}, 'b');`);
  }
  const helpers = helperSource(ctx.helpers);
  lines.push('', SUPPORT, ...(ctx.polls ? ['', POLL_SUPPORT] : []), ...(ctx.assertions.support ? ['', k6AssertionSupport(ctx.assertions)] : []), ...(helpers ? ['', helpers] : []), '', 'export default function () {');
  if (tracked.size > 0) lines.push('  /** @type {Record<string, boolean>} */', '  const ok = {};');
  for (const c of captureNames) lines.push(`  let ${c} = '';`);
  lines.push(...indent(stepCode, '  '), '}', '');
  const header = notesHeader('k6 script', plan, describeShape(options.shape), ctx.notes, [
    `Run: k6 run ${options.fileName}`,
    `Distributed: k6 cloud run ${options.fileName}, or the k6 operator (see docs/scaling-out.md)`,
  ], '//');
  files.unshift({ name: options.fileName, content: `${header}${lines.join('\n')}` });
  return { files, notes: ctx.notes };
}

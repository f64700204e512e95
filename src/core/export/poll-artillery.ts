// `@until` polling in an Artillery scenario: the request inside a `loop` whose `whileTrue`
// processor function waits the poll interval (or the response's Retry-After) and says
// whether to poll again. The value is captured (not strict), the status and Retry-After
// are read by an `afterResponse` function. Conditions Artillery cannot capture get a note.
import { k6AssertionSupport } from './checks-k6';
import type { ExportNote, ExportStep, Template } from './model';
import { statusCondition } from './k6';

/** What a polling step adds to the scenario and to the processor file. */
export interface ArtilleryPoll {
  /** The capture of the condition's value. */
  capture: Record<string, unknown>;
  /** Processor function names. */
  afterResponse: string;
  whileTrue: string;
  /** The processor file's source of both functions. */
  source: string;
}

const js = (s: string): string => JSON.stringify(s);

/** `$.a.b[0]` for httpYac's bare `a.b[0]` too. */
function rooted(path: string): string {
  return path.startsWith('$') ? path : path.startsWith('[') ? `$${path}` : `$.${path}`;
}

/** EXPECTED as JavaScript over `context.vars` (variables and captures), or null when it needs what a processor does not have. */
function expectedJs(t: Template | null): string | null {
  if (t === null) return "''";
  const parts: string[] = [];
  for (const p of t) {
    if (p.kind === 'text') parts.push(js(p.text));
    else if (p.kind === 'var' || p.kind === 'capture') parts.push(`String(context.vars[${js(p.name)}] ?? '')`);
    else if (p.kind === 'env') parts.push(`(process.env[${js(p.envName)}] ?? '')`);
    else return null;
  }
  return parts.length === 0 ? "''" : parts.join(' + ');
}

/** The polling parts of a step, or null (with a note) when Artillery cannot evaluate its `@until`. */
export function artilleryPoll(step: ExportStep, notes: ExportNote[]): ArtilleryPoll | null {
  const poll = step.poll;
  if (!poll) return null;
  const a = poll.until;
  const id = `${step.blockIndex + 1}`;
  const value = `batch_http_until_${id}`;
  let capture: Record<string, unknown> | null = null;
  if (a.field === 'body' && a.arg !== null) capture = { json: rooted(a.arg), as: value, strict: false };
  else if (a.field === 'body') capture = { regexp: '^[\\s\\S]*$', as: value, strict: false };
  else if (a.field === 'header' && a.arg !== null) capture = { header: a.arg.toLowerCase(), as: value, strict: false };
  const expected = expectedJs(a.expected);
  const digest = a.op === 'sha256' || a.op === 'sha512' || a.op === 'md5';
  if (capture === null || expected === null || digest) {
    notes.push({ line: a.line, message: `${step.label}: Artillery cannot evaluate '@until ${a.text}' here; the request is sent once, without polling` });
    return null;
  }
  const afterResponse = `batchHttpPollSeen${id}`;
  const whileTrue = `batchHttpPoll${id}`;
  const start = `batch_http_poll_start_${id}`;
  const status = `batch_http_poll_status_${id}`;
  const after = `batch_http_poll_retry_after_${id}`;
  const source = `/** ${step.label}: the status and Retry-After of each poll; the first one starts the @poll-timeout clock. @param {unknown} _req @param {{ statusCode: number, headers: Record<string, string | undefined> }} res @param {{ vars: Record<string, unknown> }} context @param {unknown} _events @param {() => void} next */
function ${afterResponse}(_req, res, context, _events, next) {
  if (context.vars[${js(start)}] === undefined) context.vars[${js(start)}] = Date.now();
  context.vars[${js(status)}] = res.statusCode;
  context.vars[${js(after)}] = res.headers['retry-after'];
  next();
}

/** ${step.label}: poll again while the status is expected and '@until ${a.text.replace(/\*\//g, '* /')}' does not hold, within @poll-timeout. Artillery asks after each pass of the loop (the first poll is always sent). @param {{ vars: Record<string, unknown> }} context @param {(again: boolean) => void} next */
function ${whileTrue}(context, next) {
  const v = context.vars;
  if (v[${js(start)}] === undefined) v[${js(start)}] = Date.now();
  const ok = ((r) => ${statusCondition(step.expectStatus)})({ status: Number(v[${js(status)}]) });
  const after = String(v[${js(after)}] ?? '').trim();
  const wait = /^\\d+$/.test(after) ? Math.min(60, Number(after)) * 1000 : ${poll.intervalMs};
  if (!ok || assertHolds(v[${js(value)}], ${js(a.op)}, ${expected}) || Date.now() + wait - Number(v[${js(start)}]) > ${poll.timeoutMs}) {
    delete v[${js(start)}];
    return next(false);
  }
  setTimeout(() => next(true), wait);
}`;
  return { capture, afterResponse, whileTrue, source };
}

/** The condition functions the poll functions use (the same rules as the batch's checks). */
export function pollSupportSource(): string {
  return k6AssertionSupport({ support: true, crypto: false });
}

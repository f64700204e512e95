// Classifies the text inside `{{ }}`: a response reference, a dynamic variable, or a name.
import { matchResponseRef } from '../parser';
import type { DynamicValue, TimeOffset } from './model';

export type ResponseRef =
  | { request: string; source: 'status'; path: '' }
  | { request: string; source: 'header'; path: string }
  | { request: string; source: 'body'; path: '' }
  | { request: string; source: 'json'; path: string }
  | { request: string; source: 'xpath'; path: string };

/**
 * Parses `NAME.response.status|headers.H|body.*|body.$.a|body.//x` (the parser's split), and
 * tells the body paths apart; null when `expr` is no response reference.
 */
export function parseResponseRef(expr: string): ResponseRef | null {
  const ref = matchResponseRef(expr);
  if (!ref) return null;
  const request = ref.name;
  if (ref.kind === 'status') return { request, source: 'status', path: '' };
  if (ref.kind === 'headers') return { request, source: 'header', path: ref.path.trim().toLowerCase() };
  const body = ref.path.trim();
  if (body === '*') return { request, source: 'body', path: '' };
  if (body.startsWith('$')) return { request, source: 'json', path: body };
  if (body.startsWith('/')) return { request, source: 'xpath', path: body };
  return null;
}

/** Splits at white space outside quotes; quotes are removed. */
function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

const UNITS = new Set(['ms', 's', 'm', 'h', 'd', 'w', 'M', 'y']);

function parseOffset(args: string[]): TimeOffset | null | undefined {
  if (args.length === 0) return null;
  let amount: string | undefined;
  let unit: string | undefined;
  if (args.length === 2) [amount, unit] = args;
  else if (args.length === 1) {
    const m = /^([+-]?\d+)([A-Za-z]+)$/.exec(args[0]!);
    if (m) [, amount, unit] = m;
  }
  if (amount === undefined || unit === undefined || !/^[+-]?\d+$/.test(amount) || !UNITS.has(unit)) return undefined;
  return { amount: Number(amount), unit: unit as TimeOffset['unit'] };
}

export type DynamicRef =
  | { kind: 'value'; value: DynamicValue }
  | { kind: 'index' }
  | { kind: 'env'; name: string; from: 'processEnv' | 'dotenv' }
  /** A `$...` name this format does not define, or bad arguments. */
  | { kind: 'invalid'; reason: string };

/** Parses a `$...` expression. Returns null when `expr` does not start with `$`. */
export function parseDynamic(expr: string): DynamicRef | null {
  if (!expr.startsWith('$')) return null;
  const [head = '', ...args] = tokens(expr);
  switch (head) {
    case '$uuid':
    case '$guid':
    case '$random.uuid':
      return args.length === 0 ? { kind: 'value', value: { fn: 'uuid' } } : { kind: 'invalid', reason: `${head} takes no arguments` };
    case '$isoTimestamp':
      return args.length === 0 ? { kind: 'value', value: { fn: 'isoTimestamp' } } : { kind: 'invalid', reason: '$isoTimestamp takes no arguments' };
    case '$index':
      return { kind: 'index' };
    case '$timestamp': {
      const offset = parseOffset(args);
      return offset === undefined ? { kind: 'invalid', reason: 'bad $timestamp offset' } : { kind: 'value', value: { fn: 'timestamp', offset } };
    }
    case '$datetime':
    case '$localDatetime': {
      const [format, ...rest] = args;
      const offset = parseOffset(rest);
      if (format === undefined || offset === undefined) return { kind: 'invalid', reason: `bad ${head} arguments` };
      return { kind: 'value', value: { fn: 'datetime', format, local: head === '$localDatetime', offset } };
    }
    case '$randomInt': {
      const [a, b] = args;
      const min = Number(a);
      const max = Number(b);
      if (args.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || min >= max) {
        return { kind: 'invalid', reason: '$randomInt needs two integers MIN < MAX' };
      }
      return { kind: 'value', value: { fn: 'randomInt', min, max } };
    }
    case '$processEnv':
    case '$dotenv': {
      const name = args[0]?.replace(/^%/, '');
      if (args.length !== 1 || !name) return { kind: 'invalid', reason: `${head} needs one NAME` };
      return { kind: 'env', name, from: head === '$processEnv' ? 'processEnv' : 'dotenv' };
    }
    default:
      return { kind: 'invalid', reason: `unknown dynamic variable ${head}` };
  }
}

/** A name that can be used as a variable (letters, digits, `_`, `-`, `.`). */
export function isVariableName(expr: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(expr);
}

// Dynamic variables: `{{$uuid}}`, `{{$timestamp}}`, `{{$datetime}}`, `{{$randomInt}}`...
import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { quote } from './quote';

export interface DynamicContext {
  now: () => Date;
  /** A number in [0, 1); when given, UUIDs are made from it too (reproducible tests). */
  random: (() => number) | null;
  /** null in an untrusted workspace: `$processEnv` and `$dotenv` are not read. */
  processEnv: Record<string, string | undefined> | null;
  dotenv: Record<string, string>;
  index: number;
  /** Where values read from secret-looking environment variables are added (see isSecretEnvName). */
  secrets?: Set<string>;
}

/**
 * Environment variables whose values are secrets: the name (case-insensitive) contains
 * TOKEN, SECRET, KEY, PASSWORD, PASS, AUTH or CREDENTIAL (CI_TOKEN, API_KEY, DB_PASS...).
 */
export function isSecretEnvName(name: string): boolean {
  return /TOKEN|SECRET|KEY|PASS|AUTH|CREDENTIAL/i.test(name);
}

/** The value of a dynamic variable, or why it has none. */
export type DynamicResult =
  | { value: string; varying: boolean }
  | { error: string }
  /** The workspace is untrusted: the value is not read. */
  | { untrusted: string };

const UNITS = new Set(['ms', 's', 'm', 'h', 'd', 'w', 'M', 'y']);

let utcReady = false;
function utcDayjs(d: Date): dayjs.Dayjs {
  if (!utcReady) {
    dayjs.extend(utc);
    utcReady = true;
  }
  return dayjs.utc(d);
}

/** Splits arguments at white space; quoted strings ("..." or '...') stay whole, without quotes. */
function splitArgs(text: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[3] !== undefined) out.push({ text: m[3], quoted: false });
    else out.push({ text: m[1] ?? m[2] ?? '', quoted: true });
  }
  return out;
}

/** Applies an optional `OFFSET UNIT` pair; returns an error message for a bad one. */
function applyOffset(base: Date, args: { text: string }[], name: string): Date | string {
  if (args.length === 0) return base;
  const [offset, unit] = args;
  if (args.length !== 2 || !/^[+-]?\d+$/.test(offset!.text) || !UNITS.has(unit!.text)) {
    return `${name} takes an optional offset such as '-1 d' (an integer and one of ms, s, m, h, d, w, M, y), not '${quote(args.map((a) => a.text).join(' '))}'`;
  }
  return dayjs(base).add(Number(offset!.text), unit!.text as dayjs.ManipulateType).toDate();
}

function uuidFrom(random: () => number): string {
  const b = new Array<number>(16);
  for (let i = 0; i < 16; i++) b[i] = Math.floor(random() * 256) & 0xff;
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function formatDate(d: Date, format: { text: string; quoted: boolean }, local: boolean): string {
  const f = format.text;
  if (!format.quoted && f === 'rfc1123') return local ? dayjs(d).format('ddd, DD MMM YYYY HH:mm:ss ZZ') : d.toUTCString();
  if (!format.quoted && f === 'iso8601') return local ? dayjs(d).format('YYYY-MM-DDTHH:mm:ss.SSSZ') : d.toISOString();
  return local ? dayjs(d).format(f) : utcDayjs(d).format(f);
}

/** JetBrains' `$random.integer(MIN, MAX)`. */
const JETBRAINS_INTEGER = /^\$random\.integer\(\s*([+-]?\d+)\s*,\s*([+-]?\d+)\s*\)$/;

/** An integer n with MIN <= n < MAX; `error` when the bounds are not integers with MIN < MAX. */
function randomInt(a: string, b: string, ctx: DynamicContext, error: string): DynamicResult {
  if (!/^[+-]?\d+$/.test(a) || !/^[+-]?\d+$/.test(b)) return { error };
  const min = Number(a);
  const max = Number(b);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min >= max) return { error };
  const r = (ctx.random ?? Math.random)();
  return { value: String(Math.min(max - 1, min + Math.floor(r * (max - min)))), varying: true };
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALNUM = `${ALPHA}0123456789_`;
const HEX = '0123456789abcdef';
/** The JetBrains `$random.*` family (section 13, item 8); `$random.integer` and `$random.uuid` are read elsewhere. */
const JETBRAINS_RANDOM = /^\$random\.(float|alphabetic|alphanumeric|hexadecimal|email)(?:\(([^)]*)\))?$/;
/** Longest string `$random.alphabetic(n)` and its kin make. */
const MAX_RANDOM_LENGTH = 10_000;

function randomChars(chars: string, n: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += chars[Math.min(chars.length - 1, Math.floor(random() * chars.length))];
  return out;
}

/** `$random.float(a, b)`, `$random.alphabetic(n)`, `.alphanumeric(n)`, `.hexadecimal(n)`, `$random.email`. */
function jetbrainsRandom(expr: string, ctx: DynamicContext): DynamicResult | null {
  const m = JETBRAINS_RANDOM.exec(expr);
  if (!m) return null;
  const random = ctx.random ?? Math.random;
  const kind = m[1]!;
  const args = m[2] === undefined ? [] : m[2].split(',').map((a) => a.trim());
  if (kind === 'email') {
    if (m[2] !== undefined && m[2].trim() !== '') return { error: '$random.email takes no arguments' };
    return { value: `${randomChars(ALPHA.slice(26), 8, random)}@${randomChars(ALPHA.slice(26), 6, random)}.com`, varying: true };
  }
  if (kind === 'float') {
    const [a, b] = args.map(Number);
    if (args.length !== 2 || !Number.isFinite(a) || !Number.isFinite(b) || a! >= b!) {
      return { error: `$random.float needs two numbers with MIN < MAX, such as '{{$random.float(0, 1.5)}}', not '${quote(expr)}'` };
    }
    return { value: String(a! + random() * (b! - a!)), varying: true };
  }
  const n = Number(args[0]);
  if (args.length !== 1 || !Number.isInteger(n) || n < 0 || n > MAX_RANDOM_LENGTH) {
    return { error: `$random.${kind} needs a length from 0 to ${MAX_RANDOM_LENGTH}, such as '{{$random.${kind}(8)}}', not '${quote(expr)}'` };
  }
  return { value: randomChars(kind === 'alphabetic' ? ALPHA : kind === 'alphanumeric' ? ALNUM : HEX, n, random), varying: true };
}

/**
 * Evaluates `expr` (the text inside `{{ }}`, starting with `$`). Returns null when it names
 * no dynamic variable (then it is an unknown variable).
 */
export function evaluateDynamic(expr: string, ctx: DynamicContext): DynamicResult | null {
  if (expr.startsWith('$random.integer')) {
    const m = JETBRAINS_INTEGER.exec(expr);
    return randomInt(m?.[1] ?? '', m?.[2] ?? '', ctx, `$random.integer needs two integers with MIN < MAX, such as '{{$random.integer(1, 100)}}', not '${quote(expr)}'`);
  }
  if (expr.startsWith('$random.')) {
    const r = jetbrainsRandom(expr, ctx);
    if (r) return r;
  }
  const space = expr.search(/\s/);
  const name = space < 0 ? expr : expr.slice(0, space);
  const rest = space < 0 ? '' : expr.slice(space + 1).trim();
  switch (name) {
    case '$uuid':
    case '$guid':
    case '$random.uuid':
      if (rest) return { error: `${name} takes no arguments` };
      return { value: ctx.random ? uuidFrom(ctx.random) : randomUUID(), varying: true };
    case '$index':
      if (rest) return { error: '$index takes no arguments' };
      return { value: String(ctx.index), varying: true };
    case '$isoTimestamp':
      if (rest) return { error: '$isoTimestamp takes no arguments' };
      return { value: ctx.now().toISOString(), varying: true };
    case '$timestamp': {
      const d = applyOffset(ctx.now(), splitArgs(rest), name);
      if (typeof d === 'string') return { error: d };
      return { value: String(Math.floor(d.getTime() / 1000)), varying: true };
    }
    case '$datetime':
    case '$localDatetime': {
      const args = splitArgs(rest);
      const format = args[0];
      if (!format || (!format.quoted && format.text !== 'rfc1123' && format.text !== 'iso8601')) {
        return { error: `${name} needs a format: rfc1123, iso8601 or a quoted format such as "YYYY-MM-DD"${format ? `, not '${quote(format.text)}'` : ''}` };
      }
      const d = applyOffset(ctx.now(), args.slice(1), name);
      if (typeof d === 'string') return { error: d };
      return { value: formatDate(d, format, name === '$localDatetime'), varying: true };
    }
    case '$randomInt': {
      // JetBrains: without bounds, an integer in [0, 1000).
      if (rest === '') return randomInt('0', '1000', ctx, '');
      const args = rest.split(/\s+/).filter(Boolean);
      return randomInt(args.length === 2 ? args[0]! : '', args.length === 2 ? args[1]! : '', ctx, `$randomInt needs two integers MIN MAX with MIN < MAX, such as '{{$randomInt 1 100}}', not '${quote(rest)}'`);
    }
    case '$processEnv': {
      if (!rest || /\s/.test(rest) || rest.startsWith('%')) return { error: '$processEnv needs one environment variable name, such as {{$processEnv HOME}} or {{$processEnv %variableHoldingTheName}}' };
      if (!ctx.processEnv) return { untrusted: `$processEnv ${rest}` };
      const value = ctx.processEnv[rest] ?? '';
      if (value !== '' && ctx.secrets && isSecretEnvName(rest)) ctx.secrets.add(value);
      return { value, varying: false };
    }
    case '$dotenv': {
      if (!rest || /\s/.test(rest) || rest.startsWith('%')) return { error: '$dotenv needs one variable name, such as {{$dotenv API_KEY}} or {{$dotenv %variableHoldingTheName}}' };
      if (!ctx.processEnv) return { untrusted: `$dotenv ${rest}` };
      return { value: ctx.dotenv[rest] ?? '', varying: false };
    }
    default:
      return null;
  }
}

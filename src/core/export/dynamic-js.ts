// JavaScript source for the dynamic variables, shared by the k6 script and the Artillery
// processor file: the same helpers, so both engines produce the same values. The emitted
// code type-checks under `tsc --checkJs --strict` (JSDoc types) and runs on Node and k6.
import type { DynamicValue, TimeOffset } from './model';

const HELPERS = {
  uuid: `/** A random UUID v4. */
function uuidv4() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r % 4) + 8).toString(16);
  });
}`,
  randomInt: `/** An integer n with min <= n < max. @param {number} min @param {number} max */
function randomInt(min, max) {
  return String(min + Math.floor(Math.random() * (max - min)));
}`,
  shifted: `/** The current time moved by amount units (ms s m h d w M y). @param {number} amount @param {string} unit */
function shifted(amount, unit) {
  const d = new Date();
  /** @type {Record<string, number>} */
  const ms = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
  if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + amount);
  else if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + amount);
  else d.setTime(d.getTime() + amount * (ms[unit] ?? 0));
  return d;
}`,
  formatDate: `/** Formats a date as day.js does: rfc1123, iso8601, or format tokens. @param {Date} d @param {string} format @param {boolean} local */
function formatDate(d, format, local) {
  if (!local && format === 'rfc1123') return d.toUTCString();
  if (!local && format === 'iso8601') return d.toISOString();
  const f = format === 'rfc1123' ? 'ddd, DD MMM YYYY HH:mm:ss ZZ' : format === 'iso8601' ? 'YYYY-MM-DDTHH:mm:ss.SSSZ' : format;
  const offsetMin = local ? -d.getTimezoneOffset() : 0;
  /** @param {number} n @param {number} w */
  const pad = (n, w) => String(Math.abs(n)).padStart(w, '0');
  const zone = (/** @type {string} */ sep) => (offsetMin < 0 ? '-' : '+') + pad(Math.trunc(offsetMin / 60), 2) + sep + pad(offsetMin % 60, 2);
  const t = new Date(d.getTime() + offsetMin * 6e4);
  const h = t.getUTCHours();
  const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][t.getUTCMonth()] ?? '';
  const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][t.getUTCDay()] ?? '';
  /** @type {Record<string, string>} */
  const v = {
    YYYY: pad(t.getUTCFullYear(), 4), YY: pad(t.getUTCFullYear() % 100, 2),
    MMMM: month, MMM: month.slice(0, 3), MM: pad(t.getUTCMonth() + 1, 2), M: String(t.getUTCMonth() + 1),
    DD: pad(t.getUTCDate(), 2), D: String(t.getUTCDate()),
    dddd: day, ddd: day.slice(0, 3), dd: day.slice(0, 2), d: String(t.getUTCDay()),
    HH: pad(h, 2), H: String(h), hh: pad(h % 12 || 12, 2), h: String(h % 12 || 12),
    mm: pad(t.getUTCMinutes(), 2), m: String(t.getUTCMinutes()),
    ss: pad(t.getUTCSeconds(), 2), s: String(t.getUTCSeconds()),
    SSS: pad(t.getUTCMilliseconds(), 3), A: h < 12 ? 'AM' : 'PM', a: h < 12 ? 'am' : 'pm',
    ZZ: zone(''), Z: zone(':'),
  };
  return f.replace(/\\[([^\\]]*)]|Y{1,4}|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS/g, (tok, lit) => lit ?? v[tok] ?? tok);
}`,
} as const;

export type HelperName = keyof typeof HELPERS;

function offsetArgs(offset: TimeOffset | null): string {
  return offset ? `${offset.amount}, '${offset.unit}'` : `0, 'ms'`;
}

/** The helpers an expression needs. */
export function helpersFor(value: DynamicValue): HelperName[] {
  switch (value.fn) {
    case 'uuid':
      return ['uuid'];
    case 'randomInt':
      return ['randomInt'];
    case 'isoTimestamp':
      return [];
    case 'timestamp':
      return ['shifted'];
    case 'datetime':
      return ['shifted', 'formatDate'];
  }
}

/** A JavaScript expression that evaluates to the variable's text. */
export function dynamicExpression(value: DynamicValue): string {
  switch (value.fn) {
    case 'uuid':
      return 'uuidv4()';
    case 'randomInt':
      return `randomInt(${value.min}, ${value.max})`;
    case 'isoTimestamp':
      return 'new Date().toISOString()';
    case 'timestamp':
      return `String(Math.floor(shifted(${offsetArgs(value.offset)}).getTime() / 1000))`;
    case 'datetime':
      return `formatDate(shifted(${offsetArgs(value.offset)}), ${JSON.stringify(value.format)}, ${value.local})`;
  }
}

/** Source of the given helpers, in a stable order, separated by blank lines. */
export function helperSource(names: Iterable<HelperName>): string {
  const wanted = new Set(names);
  return (Object.keys(HELPERS) as HelperName[])
    .filter((n) => wanted.has(n))
    .map((n) => HELPERS[n])
    .join('\n\n');
}

// A strict parser of the Prometheus text exposition format 0.0.4, for the tests of
// `--reporter openmetrics`: it throws on anything promtool would reject (and on a few
// things it would only lint), so a test that parses a file has checked its syntax.
export interface Sample {
  /** The sample's name (`x_bucket`, `x_sum`, `x_total`...). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string | null;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

class ParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** The family a sample name belongs to (histogram samples carry suffixes). */
function familyOf(sample: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return sample;
}

function unescapeLabel(raw: string, lineNo: number): string {
  return raw.replace(/\\(.)/g, (_m, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\' || c === '"') return c;
    throw new ParseError(lineNo, `bad escape \\${c} in a label value`);
  });
}

function parseLabels(text: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  const re = /\s*([^=\s]+)\s*=\s*"((?:[^"\\\n]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new ParseError(lineNo, `bad label list {${text}}`);
    const [, name, raw, comma] = m;
    if (!LABEL_NAME.test(name!) || name!.startsWith('__')) throw new ParseError(lineNo, `bad label name ${name}`);
    if (name! in labels) throw new ParseError(lineNo, `label ${name} twice`);
    labels[name!] = unescapeLabel(raw!, lineNo);
    at = re.lastIndex;
    if (comma === '' && at < text.length) throw new ParseError(lineNo, `bad label list {${text}}`);
  }
  return labels;
}

function parseValue(text: string, lineNo: number): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new ParseError(lineNo, `bad value '${text}'`);
  return Number(text);
}

function parseSample(line: string, lineNo: number): Sample {
  const m = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
  if (!m) throw new ParseError(lineNo, `bad sample line '${line}'`);
  if (!METRIC_NAME.test(m[1]!)) throw new ParseError(lineNo, `bad metric name ${m[1]}`);
  if (m[4] !== undefined) throw new ParseError(lineNo, 'a timestamp (a Pushgateway rejects them)');
  return { name: m[1]!, labels: parseLabels(m[2] ?? '', lineNo), value: parseValue(m[3]!, lineNo) };
}

function parseComment(line: string, lineNo: number, families: Map<string, Family>, closed: Set<string>): void {
  const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
  if (!m) return; // a plain comment
  const [, kind, name, rest = ''] = m;
  if (!METRIC_NAME.test(name!)) throw new ParseError(lineNo, `bad metric name ${name}`);
  if (closed.has(name!)) throw new ParseError(lineNo, `${kind} for ${name} after its samples`);
  let family = families.get(name!);
  if (!family) families.set(name!, (family = { name: name!, help: null, type: 'untyped', samples: [] }));
  if (family.samples.length > 0) throw new ParseError(lineNo, `${kind} for ${name} after its samples`);
  if (kind === 'HELP') {
    if (family.help !== null) throw new ParseError(lineNo, `second HELP for ${name}`);
    family.help = rest.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
    return;
  }
  if (!TYPES.has(rest)) throw new ParseError(lineNo, `unknown type '${rest}'`);
  family.type = rest as Family['type'];
}

/** Parses the text; throws with the line number on the first violation. */
export function parsePromText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n')) throw new ParseError(0, 'the text does not end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) return parseComment(line, lineNo, families, closed);
    const sample = parseSample(line, lineNo);
    const name = familyOf(sample.name, families);
    if (current !== name) {
      if (closed.has(name)) throw new ParseError(lineNo, `samples of ${name} are not together`);
      if (current !== null) closed.add(current);
      current = name;
    }
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new ParseError(lineNo, `series ${key} twice`);
    seen.add(key);
    let family = families.get(name);
    if (!family) families.set(name, (family = { name, help: null, type: 'untyped', samples: [] }));
    family.samples.push(sample);
  });
  for (const family of families.values()) checkFamily(family);
  return families;
}

function checkFamily(f: Family): void {
  if (f.type === 'counter') {
    for (const s of f.samples) if (!(s.value >= 0)) throw new Error(`${f.name}: a counter is ${s.value}`);
  }
  if (f.type === 'histogram') checkHistogram(f);
}

/** Buckets cumulative and ascending, +Inf present and equal to _count, per label set. */
function checkHistogram(f: Family): void {
  const groups = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, samples] of groups) {
    const buckets = samples.filter((s) => s.name === `${f.name}_bucket`);
    const count = samples.find((s) => s.name === `${f.name}_count`);
    const sum = samples.find((s) => s.name === `${f.name}_sum`);
    if (!count || !sum || buckets.length === 0) throw new Error(`${f.name}${key}: needs buckets, _sum and _count`);
    let lastLe = -Infinity;
    let lastCount = 0;
    for (const b of buckets) {
      if (b.labels.le === undefined) throw new Error(`${f.name}${key}: a bucket without le`);
      const le = parseValue(b.labels.le, 0);
      if (!(le > lastLe) || b.value < lastCount) throw new Error(`${f.name}${key}: buckets not ascending and cumulative`);
      lastLe = le;
      lastCount = b.value;
    }
    if (lastLe !== Infinity || lastCount !== count.value) throw new Error(`${f.name}${key}: the +Inf bucket must equal _count`);
  }
}

/** The value of the one sample named `name` with exactly these labels, or undefined. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string>): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  for (const f of families.values()) {
    for (const s of f.samples) if (s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want) return s.value;
  }
  return undefined;
}

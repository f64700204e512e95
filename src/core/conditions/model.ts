// The condition grammar shared by assertions (`?? FIELD [ARG] COND [EXPECTED]`) and polling
// (`@until FIELD [ARG] COND [EXPECTED]`): its fields, its conditions and the checked form the
// evaluator takes. Pure data, no runtime dependencies.

/** What a condition reads from a response. */
export type FieldKind = 'status' | 'header' | 'body' | 'duration' | 'xpath';

/** The fields as written, in the order messages list them. */
export const FIELDS: readonly FieldKind[] = ['status', 'header', 'body', 'duration', 'xpath'];

/** Conditions by their canonical spelling (`equals` is read as `==`). */
export type ConditionOp =
  | '=='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'startsWith'
  | 'endsWith'
  | 'includes'
  | 'contains'
  | 'matches'
  | 'exists'
  | 'isTrue'
  | 'isFalse'
  | 'isNumber'
  | 'isBoolean'
  | 'isString'
  | 'isArray'
  | 'sha256'
  | 'sha512'
  | 'md5';

/** Every condition word as written in a file, with the condition it means. */
export const CONDITION_WORDS: ReadonlyMap<string, ConditionOp> = new Map<string, ConditionOp>([
  ['==', '=='],
  ['equals', '=='],
  ['!=', '!='],
  ['>', '>'],
  ['>=', '>='],
  ['<', '<'],
  ['<=', '<='],
  ['startsWith', 'startsWith'],
  ['endsWith', 'endsWith'],
  ['includes', 'includes'],
  ['contains', 'contains'],
  ['matches', 'matches'],
  ['exists', 'exists'],
  ['isTrue', 'isTrue'],
  ['isFalse', 'isFalse'],
  ['isNumber', 'isNumber'],
  ['isBoolean', 'isBoolean'],
  ['isString', 'isString'],
  ['isArray', 'isArray'],
  ['sha256', 'sha256'],
  ['sha512', 'sha512'],
  ['md5', 'md5'],
]);

/** Conditions that take no EXPECTED value. */
export const NO_EXPECTED: ReadonlySet<ConditionOp> = new Set<ConditionOp>(['exists', 'isTrue', 'isFalse', 'isNumber', 'isBoolean', 'isString', 'isArray']);

/** `duration PHASE` words and the timing each reads (`total` is the default). */
export const DURATION_PHASES: ReadonlyMap<string, TimingKey> = new Map<string, TimingKey>([
  ['total', 'totalMs'],
  ['firstByte', 'ttfbMs'],
  ['dns', 'dnsMs'],
  ['connect', 'connectMs'],
  ['tls', 'tlsMs'],
  ['download', 'downloadMs'],
]);

export type TimingKey = 'totalMs' | 'ttfbMs' | 'dnsMs' | 'connectMs' | 'tlsMs' | 'downloadMs';

/** A condition ready to check: the grammar's parts, EXPECTED with its variables substituted. */
export interface Check {
  field: FieldKind;
  /** The header name, body path, duration phase or XPath expression; null when none. */
  arg: string | null;
  op: ConditionOp;
  /** EXPECTED after substitution; null for conditions that take none. */
  expected: string | null;
}

/** A condition of the plan: the check and where it was written. */
export interface PlannedCheck extends Check {
  /** 1-based line of the `??` line (or of the `@until` directive). */
  line: number;
  /** The text as written after `??` (or after `@until`), trimmed: variables not substituted. */
  text: string;
  /**
   * The condition this one repeats, when the parser read the same line before: every check with
   * the same `shared` has the same parts (all but `line`), so a run makes it ready once (prepared.ts).
   */
  readonly shared?: PlannedCheck;
}

/** The outcome of one assertion, as results carry it (cli.md: `assertions`). */
export interface AssertionResult {
  line: number;
  /** As written in the file. */
  text: string;
  /** True / false once checked; null when no response arrived (not checked). */
  ok: boolean | null;
  /** The value found as text (JSON text for JSON values), null when missing or not checked; redacted and cut. */
  actual: string | null;
}

/** The most characters of a value found that results keep. */
export const ACTUAL_MAX = 200;

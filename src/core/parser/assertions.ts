// Assertion lines (`?? ...`) and the directives that share the condition grammar or go
// with it: `@until`, `@poll-interval`, `@poll-timeout` and `@first K`.
import type { Diagnostic } from '../types';
import { readCondition } from './conditions';
import type { ConditionInfo, DirectiveInfo, ParsedBlock } from './model';
import { parseDuration, parseIntIn } from './values';
import { quote } from './quote';

/** True when the line's text from `at` is an assertion line (`??`). */
export function isAssertionLine(line: string, at: number): boolean {
  return line.charCodeAt(at) === 63 && line.charCodeAt(at + 1) === 63;
}

/**
 * Conditions already read, by their whole line: a generated or copied file repeats the same
 * `??` lines on many requests, and a line reads the same wherever it stands.
 */
export type ConditionMemo = Map<string, ConditionInfo>;

/** Lines remembered at most (a file of all-different lines gets no more room). */
const MEMO_SIZE = 1024;

/**
 * Reads the assertion line starting at `at` and adds it to `into`. Before the request line it
 * is an error; `?? js ...` is a warning and no assertion. A line read without diagnostics
 * before is taken from `memo`, moved to line `ln`.
 */
export function readAssertionLine(line: string, at: number, ln: number, afterRequestLine: boolean, into: ConditionInfo[], diags: Diagnostic[], memo?: ConditionMemo): void {
  if (!afterRequestLine) {
    diags.push({ severity: 'error', line: ln, column: at + 1, message: "an assertion ('??') checks a response: put it after the request line" });
    return;
  }
  const known = memo?.get(line);
  if (known) {
    into.push(new RepeatedCondition(known, ln));
    return;
  }
  const before = diags.length;
  const c = readCondition(line, at + 2, ln, at + 1, 'assertion', diags);
  if (c === 'js') {
    diags.push({ severity: 'warning', line: ln, column: at + 1, message: 'JavaScript assertions are never run (no code from a file runs here); this line is not checked' });
    return;
  }
  if (!c) return;
  if (memo && diags.length === before && memo.size < MEMO_SIZE) {
    memo.set(line, c);
    // The first one too, so that the conditions of a file have one shape.
    into.push(new RepeatedCondition(c, ln));
  } else {
    into.push(c);
  }
}

/**
 * A condition read once and found on line `line`: everything but the line is the condition's,
 * shared. A generated or copied file repeats the same few `??` lines on thousands of requests,
 * and the plan keeps every one for the whole run: two fields a line instead of ten. The parts
 * are getters (not own properties): code reads them as fields; nothing spreads or compares a
 * parsed condition whole (runner/prepare.ts copies one field by field). `shared` is the one
 * condition all its repeats stand for: a run finds its checks made ready by it (prepared.ts).
 */
class RepeatedCondition implements ConditionInfo {
  readonly shared: ConditionInfo;
  readonly line: number;

  constructor(c: ConditionInfo, line: number) {
    this.shared = c;
    this.line = line;
  }

  get text(): string {
    return this.shared.text;
  }
  get column(): number {
    return this.shared.column;
  }
  get field(): ConditionInfo['field'] {
    return this.shared.field;
  }
  get arg(): string | null {
    return this.shared.arg;
  }
  get argColumn(): number | null {
    return this.shared.argColumn;
  }
  get op(): ConditionInfo['op'] {
    return this.shared.op;
  }
  get opColumn(): number {
    return this.shared.opColumn;
  }
  get expected(): string | null {
    return this.shared.expected;
  }
  get expectedColumn(): number | null {
    return this.shared.expectedColumn;
  }
}

/** Request directives this module reads. */
export const CONDITION_DIRECTIVES = ['until', 'poll-interval', 'poll-timeout', 'first'];

function error(diags: Diagnostic[], d: DirectiveInfo, message: string): void {
  diags.push({ severity: 'error', line: d.line, column: d.valueColumn, message });
}

/** Applies `@until`, `@poll-interval`, `@poll-timeout` or `@first` to a block (false for other keys). */
export function applyConditionDirective(d: DirectiveInfo, block: Pick<ParsedBlock, 'settings' | 'until'>, diags: Diagnostic[]): boolean {
  const s = block.settings;
  switch (d.key) {
    case 'until': {
      // The value's own offsets become the line's columns.
      const line = ' '.repeat(d.valueColumn - 1) + d.value;
      const c = readCondition(line, d.valueColumn - 1, d.line, d.valueColumn, '@until', diags);
      if (c === 'js') error(diags, d, '@until js is not supported: no code from a file runs here; write a condition such as @until body $.state == done');
      else if (c) block.until = c;
      return true;
    }
    case 'poll-interval':
    case 'poll-timeout': {
      const ms = parseDuration(d.value);
      if (ms === null) error(diags, d, `@${d.key} needs a positive duration such as 500ms, 5s or 2m (a bare number is milliseconds), not '${quote(d.value)}'`);
      else if (d.key === 'poll-interval') s.pollIntervalMs = ms;
      else s.pollTimeoutMs = ms;
      return true;
    }
    case 'first': {
      const k = parseIntIn(d.value, 1, 100_000);
      if (k === null) error(diags, d, `@first needs a whole number K from 1 to the number of copies, not '${quote(d.value)}'`);
      else s.first = k;
      return true;
    }
  }
  return false;
}

/**
 * Checks that go across directives, once a block's directives are all read: `@first` needs
 * `@repeat` or `@foreach` and K within the copies; the polling settings need `@until`.
 */
export function checkConditionDirectives(block: ParsedBlock, diags: Diagnostic[]): void {
  // Most blocks have no directive at all: nothing to look for (this runs for every block).
  if (block.directives.length === 0) return;
  const find = (key: string): DirectiveInfo | undefined => {
    let last: DirectiveInfo | undefined;
    for (const d of block.directives) if (d.key === key) last = d;
    return last;
  };
  const k = block.settings.first;
  if (k !== undefined) {
    const d = find('first')!;
    if (block.repeat === null && block.foreach === null) error(diags, d, '@first K takes the first K successes of a group: add @repeat N or @foreach to this request, or remove @first');
    else if (block.repeat !== null && k > block.repeat) error(diags, d, `@first ${k} is more than the ${block.repeat} copies of @repeat ${block.repeat}; K must be from 1 to ${block.repeat}`);
  }
  if (find('until') === undefined) {
    for (const key of ['poll-interval', 'poll-timeout']) {
      const d = find(key);
      if (d) diags.push({ severity: 'warning', line: d.line, column: d.column, message: `@${key} has no effect without @until on this request` });
    }
  }
}

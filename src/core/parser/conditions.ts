// The syntax of a condition, `FIELD [ARGUMENT] CONDITION [EXPECTED]`, shared by assertion
// lines (`?? ...`) and `@until`: the words with their columns, and an error diagnostic at the
// offending word for anything the grammar does not allow.
import type { Diagnostic } from '../types';
import { CONDITION_WORDS, DURATION_PHASES, FIELDS, NO_EXPECTED, type ConditionOp, type FieldKind } from '../conditions/model';
import { jsonPathSteps } from '../conditions/values';
import type { ConditionInfo, SourceText } from './model';
import { xpathOk } from './response-path';
import { compileTemplate, unclosedColumn } from './template';
import { TOKEN_PATTERN } from './values';
import { quote } from './quote';
import { own } from './own';

/** Case-insensitive lookups: `STATUS`, `startswith` read as written in the spec. */
const FIELD_BY_WORD = new Map<string, FieldKind>(FIELDS.map((f) => [f.toLowerCase(), f]));
const OP_BY_WORD = new Map<string, ConditionOp>([...CONDITION_WORDS].map(([w, op]) => [w.toLowerCase(), op]));
const PHASE_BY_WORD = new Map<string, string>([...DURATION_PHASES.keys()].map((p) => [p.toLowerCase(), p]));

const FIELD_LIST = 'status, header NAME, body [PATH], duration [PHASE] or xpath EXPR';
const CONDITION_LIST = [...CONDITION_WORDS.keys()].join(', ');
const PHASE_LIST = [...DURATION_PHASES.keys()].join(', ');
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface Word {
  text: string;
  /** 0-based offset in the line. */
  at: number;
}

/** The next word of `line` from `from` (split at white space), or null at the end. */
function nextWord(line: string, from: number): Word | null {
  let i = from;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (i >= line.length) return null;
  let j = i;
  while (j < line.length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
  return { text: line.slice(i, j), at: i };
}

type ErrorAt = (at: number, message: string, end?: number) => null;

/** The ARGUMENT a field takes (header NAME, body PATH, duration PHASE, xpath EXPR) and the word after it. */
function readArgument(field: FieldKind, line: string, fieldWord: Word, lineEnd: number, err: ErrorAt): { arg: Word | null; condWord: Word | null } | null {
  const after = (w: Word): Word | null => nextWord(line, w.at + w.text.length);
  const first = after(fieldWord);
  if (field === 'header' || field === 'xpath') {
    const what = field === 'header' ? 'a header name' : 'an XPath expression';
    const next = first && after(first);
    if (!first || (conditionOf(first.text) && !(next && conditionOf(next.text)))) {
      return err(first ? first.at : lineEnd, `'${field}' needs ${what} before the condition, such as ${field === 'header' ? "'header content-type includes json'" : "'xpath //id == 7'"}`);
    }
    if (field === 'header' && !TOKEN_PATTERN.test(first.text)) return err(first.at, `'${quote(first.text)}' is not a header name`, first.at + first.text.length);
    if (field === 'xpath' && !xpathOk(first.text)) return err(first.at, `'${quote(first.text)}' is not a valid XPath 1.0 expression (write it without spaces)`, first.at + first.text.length);
    return { arg: first, condWord: after(first) };
  }
  if (!first || conditionOf(first.text) || field === 'status') return { arg: null, condWord: first };
  if (field === 'body') {
    if (!jsonPathSteps(first.text)) {
      return err(first.at, `'${quote(first.text)}' is not a JSON path of .names and [indexes], such as $.items[0].id or items[0].id`, first.at + first.text.length);
    }
    return { arg: first, condWord: after(first) };
  }
  const phase = PHASE_BY_WORD.get(first.text.toLowerCase());
  if (!phase) return err(first.at, `unknown duration phase '${quote(first.text)}'; the phases are ${PHASE_LIST}`, first.at + first.text.length);
  return { arg: { text: phase, at: first.at }, condWord: after(first) };
}

export function conditionOf(word: string): ConditionOp | undefined {
  return OP_BY_WORD.get(word.toLowerCase());
}

/** What a condition line is for, in messages: an assertion line or `@until`. */
export type ConditionUse = 'assertion' | '@until';

/** The result of reading a condition: the condition, `'js'` for `js ...`, or null after an error. */
export type ConditionRead = ConditionInfo | 'js' | null;

/**
 * Reads the condition in `line` from offset `from` (its first word is the FIELD). `column`
 * is where a diagnostic about a missing field goes. Errors are pushed to `diags`.
 */
export function readCondition(line: string, from: number, ln: number, column: number, use: ConditionUse, diags: Diagnostic[]): ConditionRead {
  const err = (at: number, message: string, end?: number): null => {
    const d: Diagnostic = { severity: 'error', line: ln, column: at + 1, message };
    if (end !== undefined) d.endColumn = end + 1;
    diags.push(d);
    return null;
  };
  const example = use === 'assertion' ? "'?? status == 200'" : "'@until body $.state == done'";
  const fieldWord = nextWord(line, from);
  if (!fieldWord) return err(column - 1, `${use === 'assertion' ? 'an assertion' : '@until'} needs a field and a condition, such as ${example}`);
  if (fieldWord.text.toLowerCase() === 'js') return 'js';
  const field = FIELD_BY_WORD.get(fieldWord.text.toLowerCase());
  if (!field) return err(fieldWord.at, `unknown field '${quote(fieldWord.text)}'; the fields are ${FIELD_LIST}`, fieldWord.at + fieldWord.text.length);
  const lineEnd = line.trimEnd().length;
  const parts = readArgument(field, line, fieldWord, lineEnd, err);
  if (!parts) return null;
  const { arg, condWord } = parts;
  if (!condWord) return err(lineEnd, `a condition is missing after '${quote(line.slice(fieldWord.at, lineEnd))}': one of ${CONDITION_LIST}`);
  const op = conditionOf(condWord.text);
  if (!op) return err(condWord.at, `unknown condition '${quote(condWord.text)}'; the conditions are ${CONDITION_LIST}`, condWord.at + condWord.text.length);
  const expectedWord = nextWord(line, condWord.at + condWord.text.length);
  // Owned (own.ts) once here: a plan keeps these strings as they are.
  const expectedText = expectedWord ? own(line.slice(expectedWord.at, lineEnd)) : '';
  if (NO_EXPECTED.has(op)) {
    if (expectedWord) return err(expectedWord.at, `'${condWord.text}' takes no expected value; remove '${quote(expectedText)}'`, lineEnd);
  } else if (!expectedWord) {
    return err(condWord.at, `'${condWord.text}' needs an expected value after it, such as ${example}`, condWord.at + condWord.text.length);
  }
  if (expectedWord) {
    const open = unclosedColumn(expectedText, expectedWord.at + 1);
    if (open > 0) return err(open - 1, "'{{' is not closed by '}}' on the same line");
    if (!expectedText.includes('{{')) {
      if (op === 'matches' && !validPattern(expectedText)) {
        return err(expectedWord.at, `'${quote(expectedText)}' is not a valid regular expression (JavaScript syntax, no flags)`, lineEnd);
      }
      if ((op === '>' || op === '>=' || op === '<' || op === '<=') && !JSON_NUMBER.test(expectedText)) {
        diags.push({ severity: 'warning', line: ln, column: expectedWord.at + 1, endColumn: lineEnd + 1, message: `'${condWord.text}' compares numbers and '${quote(expectedText)}' is not one: this condition never holds` });
      }
    }
  }
  return {
    text: own(line.slice(fieldWord.at, lineEnd)),
    line: ln,
    column: fieldWord.at + 1,
    field,
    arg: arg && own(arg.text),
    argColumn: arg && arg.at + 1,
    op,
    opColumn: condWord.at + 1,
    expected: expectedWord ? expectedText : null,
    expectedColumn: expectedWord ? expectedWord.at + 1 : null,
  };
}

/** A condition's EXPECTED as a template (its `{{...}}` references with their positions); null when none. */
export function expectedTemplate(c: Pick<ConditionInfo, 'expected' | 'expectedColumn' | 'line'>): SourceText | null {
  return c.expected === null ? null : compileTemplate(c.expected, c.line, c.expectedColumn ?? 1);
}

function validPattern(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

// Completion on a `??` line: the fields, a header name or duration phase, the conditions
// (the grammar of format section 6, shared with `@until`). Pure, like completion.ts.
import { CONDITION_WORDS, DURATION_PHASES, FIELDS, NO_EXPECTED } from '../../core/conditions/model';
import type { CompletionSpec } from './completion';
import { HEADER_NAMES } from './languageCatalog';

const FIELD_DETAIL: Record<string, string> = {
  status: 'the status code',
  header: 'header NAME: a response header',
  body: 'body [PATH]: the whole body, or a JSON value ($.a.b[0])',
  duration: 'duration [PHASE]: milliseconds of the final attempt',
  xpath: 'xpath EXPR: an XPath 1.0 value of an XML body',
};

function conditions(): { label: string; detail: string }[] {
  return [...CONDITION_WORDS].filter(([w]) => w !== 'equals').map(([w, op]) => ({ label: w, detail: NO_EXPECTED.has(op) ? 'takes no expected value' : 'then the expected value' }));
}

/**
 * The items for the cursor on a `??` line, or null when the line is no assertion. Offered
 * for the word under the cursor: FIELD, then ARGUMENT (header names, duration phases), then
 * CONDITION; nothing for EXPECTED.
 */
export function assertionCompletions(line: string, character: number): CompletionSpec[] | null {
  const m = /^\s*\?\?/.exec(line);
  if (!m || character < m[0].length) return null;
  const before = line.slice(m[0].length, character);
  const words = before.split(/[ \t]+/).filter((w) => w !== '');
  // The word under the cursor is being typed; after white space a new one starts.
  const prefix = words.length > 0 && !/[ \t]$/.test(before) ? words.pop()! : '';
  const start = character - prefix.length;
  const item = (label: string, detail: string, rank: number): CompletionSpec => ({ label, insertText: `${label} `, kind: 'value', detail, start, end: character, rank });
  const [field, second] = words;
  if (field === undefined) return FIELDS.map((f, i) => item(f, FIELD_DETAIL[f]!, i));
  const isCondition = (w: string | undefined): boolean => w !== undefined && CONDITION_WORDS.has(w);
  const conds = (): CompletionSpec[] => conditions().map((c, i) => item(c.label, c.detail, 10 + i));
  if (words.length === 1) {
    if (field === 'header') return HEADER_NAMES.map((h, i) => item(h.name.toLowerCase(), h.detail, i));
    if (field === 'duration') return [...[...DURATION_PHASES.keys()].map((p, i) => item(p, 'a timing phase', i)), ...conds()];
    if (field === 'xpath') return [];
    return conds();
  }
  if (words.length === 2 && !isCondition(second) && field !== 'status') return conds();
  return [];
}

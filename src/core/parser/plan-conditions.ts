// Planning a block's conditions (`??` lines and `@until`): EXPECTED resolved like any template
// (response references stay as their text and make dependencies), strings owned (own.ts).
import type { PlannedCheck } from '../conditions/model';
import type { ConditionInfo, ParsedBlock } from './model';
import type { Planner } from './planner';
import { Resolution } from './resolver';
import { quote } from './quote';
import { own } from './own';

/** What a block's conditions plan to, shared by the copies when nothing in them varies. */
export interface PlannedConditions {
  assertions: PlannedCheck[];
  until: PlannedCheck | null;
  res: Resolution;
}

const NO_CHECKS = Object.freeze([]) as unknown as PlannedCheck[];

function planCheck(p: Planner, c: ConditionInfo, res: Resolution): PlannedCheck {
  let expected: string | null = null;
  if (c.expected) {
    const refsBefore = res.refs.length;
    // Text without `{{` is its own value (no template to split or resolve).
    expected = c.expected.text.includes('{{') ? p.resolver.resolve(c.expected.parts, res, c.expected) : c.expected.text;
    if (c.op === 'matches' && c.expected.text.includes('{{') && res.refs.length === refsBefore && !expected.includes('{{')) {
      try {
        new RegExp(expected);
      } catch {
        p.once(`matches:${c.line}:${c.column}`, { severity: 'error', line: c.line, column: c.expected.column, message: `'${quote(expected)}' (after substitution) is not a valid regular expression` });
      }
    }
    // The condition's own strings are owned when read (conditions.ts); substituted text is new.
    expected = expected === c.expected.text ? c.expected.text : own(expected);
  }
  return { line: c.line, text: c.text, field: c.field, arg: c.arg, op: c.op, expected };
}

/** Plans the block's conditions into `res` (a fresh Resolution unless one is given). */
export function planConditions(p: Planner, block: ParsedBlock, res: Resolution = new Resolution()): PlannedConditions {
  const assertions = block.assertions.length === 0 ? NO_CHECKS : block.assertions.map((c) => planCheck(p, c, res));
  const until = block.until && planCheck(p, block.until, res);
  return { assertions, until, res };
}

/** True when the block has conditions to plan. */
export function hasConditions(block: ParsedBlock): boolean {
  return block.assertions.length > 0 || block.until !== null;
}

export const EMPTY_CONDITIONS: Omit<PlannedConditions, 'res'> = { assertions: NO_CHECKS, until: null };

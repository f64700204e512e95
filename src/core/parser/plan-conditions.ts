// Planning a block's conditions (`??` lines and `@until`): EXPECTED resolved like any template
// (response references stay as their text and make dependencies), strings owned (own.ts).
import type { PlannedCheck } from '../conditions/model';
import type { ConditionInfo, ParsedBlock } from './model';
import type { Planner } from './planner';
import { expectedTemplate } from './conditions';
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

/**
 * The condition planned: the condition itself when EXPECTED has no `{{` (nothing to
 * substitute; a ConditionInfo is a PlannedCheck), else a new check with EXPECTED resolved.
 */
function planCheck(p: Planner, c: ConditionInfo, res: Resolution): PlannedCheck {
  if (c.expected === null || !c.expected.includes('{{')) return c;
  const template = expectedTemplate(c)!;
  const refsBefore = res.refs.length;
  let expected = p.resolver.resolve(template.parts, res, template);
  if (c.op === 'matches' && res.refs.length === refsBefore && !expected.includes('{{')) {
    try {
      new RegExp(expected);
    } catch {
      p.once(`matches:${c.line}:${c.column}`, { severity: 'error', line: c.line, column: template.column, message: `'${quote(expected)}' (after substitution) is not a valid regular expression` });
    }
  }
  // The condition's own strings are owned when read (conditions.ts); substituted text is new.
  expected = expected === c.expected ? c.expected : own(expected);
  return { line: c.line, text: c.text, field: c.field, arg: c.arg, op: c.op, expected };
}

/** Plans the block's conditions into `res` (a fresh Resolution unless one is given). */
export function planConditions(p: Planner, block: ParsedBlock, res: Resolution = new Resolution()): PlannedConditions {
  const list = block.assertions;
  // The block's own list when no assertion needed substituting (the usual case).
  let assertions: PlannedCheck[] = list.length === 0 ? NO_CHECKS : list;
  for (let i = 0; i < list.length; i++) {
    const planned = planCheck(p, list[i]!, res);
    if (planned === list[i]) continue;
    if (assertions === list) assertions = list.slice();
    assertions[i] = planned;
  }
  const until = block.until && planCheck(p, block.until, res);
  return { assertions, until, res };
}

/** True when the block has conditions to plan. */
export function hasConditions(block: ParsedBlock): boolean {
  return block.assertions.length > 0 || block.until !== null;
}

export const EMPTY_CONDITIONS: Omit<PlannedConditions, 'res'> = { assertions: NO_CHECKS, until: null };

// `??` assertions in an Artillery scenario, through its `expect` plugin: the checks it has an
// expectation for (status, header presence and value, body properties and values, a body
// pattern); a note for every other one.
import type { ExportAssertion, ExportNote, ExportStep, Template } from './model';

/** The expectations and the captures they need for one step. */
export interface ArtilleryChecks {
  expect: Record<string, unknown>[];
  capture: Record<string, string>[];
}

/** `$.a.b[0]` for httpYac's bare `a.b[0]` too. */
function rooted(path: string): string {
  return path.startsWith('$') ? path : path.startsWith('[') ? `$${path}` : `$.${path}`;
}

/** A lodash-style property path (`a.b[0]`) for `hasProperty`, or null for the whole document. */
function propertyPath(path: string): string | null {
  const p = rooted(path);
  if (p === '$') return null;
  return p.startsWith('$.') ? p.slice(2) : p.slice(1);
}

function expectation(a: ExportAssertion, step: ExportStep, render: (t: Template) => string, capture: Record<string, string>[]): Record<string, unknown> | null {
  const expected = a.expected === null ? '' : render(a.expected);
  if (a.field === 'status' && a.op === '==' && /^[1-5]\d\d$/.test(expected)) return { statusCode: Number(expected) };
  if (a.field === 'header' && a.arg !== null) {
    if (a.op === 'exists') return { hasHeader: a.arg.toLowerCase() };
    if (a.op === '==') return { headerEquals: [a.arg.toLowerCase(), expected] };
  }
  if (a.field === 'body' && a.arg === null && a.op === 'matches') return { matchesRegexp: expected };
  if (a.field === 'body' && a.arg !== null) {
    const prop = propertyPath(a.arg);
    if (a.op === 'exists' && prop !== null) return { hasProperty: prop };
    if (a.op === '==') {
      const as = `batch_http_assert_${step.blockIndex + 1}_${a.line}`;
      capture.push({ json: rooted(a.arg), as });
      return { equals: [`{{ ${as} }}`, expected] };
    }
  }
  return null;
}

/** The step's assertions as `expect` plugin expectations; notes for those it cannot express. */
export function artilleryChecks(step: ExportStep, render: (t: Template) => string, notes: ExportNote[]): ArtilleryChecks {
  const out: ArtilleryChecks = { expect: [], capture: [] };
  for (const a of step.assertions) {
    const e = expectation(a, step, render, out.capture);
    if (e) out.expect.push(e);
    else notes.push({ line: a.line, message: `${step.label}: Artillery's expect plugin has no expectation for '?? ${a.text}'; not carried over` });
  }
  return out;
}

// Completion items for the cursor: directives and their values, variables (file,
// environment, dynamic, response references of named requests), header names and values,
// methods. Pure: the provider turns the specs into editor items.
import { REDACTED, Redactor } from '../../core/redact';
import { assertionCompletions } from './assertionCompletion';
import { DIRECTIVES, directiveDoc, directivesFor } from './directiveCatalog';
import { SHARED, secretValues, variableNames } from './envIndex';
import { completionContext, type Cursor, type LangBlock, type LangDocument, type LineReader } from './langDocument';
import { DYNAMIC_VARIABLES, HEADER_NAMES, HEADER_VALUES, METHODS } from './languageCatalog';
import type { VariableScope } from './variables';

export type CompletionKind = 'directive' | 'value' | 'variable' | 'environment' | 'dynamic' | 'reference' | 'header' | 'method';

export interface CompletionSpec {
  label: string;
  insertText: string;
  kind: CompletionKind;
  detail: string;
  /** Markdown. */
  documentation?: string;
  /** 0-based columns on the cursor's line that the item replaces. */
  start: number;
  end: number;
  /** Sorts before items with a higher number. */
  rank: number;
}

const VALUE_PREVIEW = 60;

function preview(value: string): string {
  return value.length > VALUE_PREVIEW ? `${value.slice(0, VALUE_PREVIEW)}…` : value;
}

/** The completion items at the cursor. */
export function completions(scope: VariableScope, cursor: Cursor, lineAt: LineReader): CompletionSpec[] {
  // A `??` line: its grammar (fields, header names, phases, conditions).
  const assertion = assertionCompletions(lineAt(cursor.line), cursor.character);
  if (assertion) return assertion;
  const ctx = completionContext(scope.doc, cursor, lineAt);
  const end = cursor.character;
  switch (ctx.kind) {
    case 'directive':
      return directivesFor(ctx.inHeader).map((d, i) => ({
        label: `@${d.key}`,
        insertText: d.form ? `${d.key} ` : d.key,
        kind: 'directive',
        detail: d.form ? `@${d.key} ${d.form}` : `@${d.key}`,
        documentation: d.summary,
        start: ctx.start,
        end,
        rank: i,
      }));
    case 'directiveValue':
      return directiveValues(scope.doc, ctx.key, ctx.block).map((v, i) => ({ ...v, start: ctx.start, end, rank: i }));
    case 'variable':
      return variableItems(scope, cursor.line, ctx.block, ctx.closed).map((v) => ({ ...v, start: ctx.start, end }));
    case 'method':
      return METHODS.map((m, i) => ({ label: m, insertText: `${m} `, kind: 'method', detail: 'HTTP method', start: ctx.start, end, rank: i }));
    case 'headerName':
      return HEADER_NAMES.map((h, i) => ({ label: h.name, insertText: `${h.name}: `, kind: 'header', detail: h.detail, start: ctx.start, end, rank: i }));
    case 'headerValue': {
      const values = HEADER_VALUES[ctx.header.toLowerCase()] ?? [];
      return values.map((v, i) => ({ label: v, insertText: v, kind: 'value', detail: `${ctx.header} value`, start: ctx.start, end, rank: i }));
    }
    case 'none':
      return [];
  }
}

type Item = Omit<CompletionSpec, 'start' | 'end'>;

function directiveValues(doc: LangDocument, key: string, block: LangBlock | undefined): Omit<CompletionSpec, 'start' | 'end' | 'rank'>[] {
  if (key === 'depends-on') {
    return doc.blocks
      .filter((b) => b.name !== null && b !== block)
      .map((b) => ({ label: b.name!, insertText: b.name!, kind: 'reference', detail: `request at line ${b.line}: ${b.method} ${b.title ?? ''}`.trim() }));
  }
  const d = directiveDoc(key);
  if (!d) return [];
  return d.values.map((v) => ({ label: v.text, insertText: v.text, kind: 'value', detail: v.detail }));
}

function variableItems(scope: VariableScope, line: number, block: LangBlock | undefined, closed: boolean): Item[] {
  const close = closed ? '' : '}}';
  const out: Item[] = [];
  const seen = new Set<string>();
  const redactor = new Redactor(secretValues(scope.index));
  // Environment variables first: they win over file variables.
  for (const [name, envs] of variableNames(scope.index)) {
    seen.add(name);
    const applies = envs.includes(SHARED) || (scope.selected !== null && envs.includes(scope.selected));
    const defs = scope.index.definitions.filter((d) => d.name === name);
    const named = envs.filter((e) => e !== SHARED);
    const where = [...(envs.includes(SHARED) ? ['$shared'] : []), ...named].join(', ');
    const shown = defs.map((d) => `- ${d.environment === SHARED ? '`$shared`' : `\`${d.environment}\``}: \`${d.secret ? REDACTED : preview(redactor.text(d.value))}\``);
    out.push({
      label: name,
      insertText: name + close,
      kind: 'environment',
      detail: applies ? `environment: ${where}` : `only in environment ${named.join(', ')} (not selected)`,
      documentation: shown.join('\n'),
      rank: applies ? 0 : 2,
    });
  }
  for (const v of scope.doc.variables) {
    if (v.line >= line || seen.has(v.name)) continue;
    seen.add(v.name);
    out.push({ label: v.name, insertText: v.name + close, kind: 'variable', detail: `file variable, line ${v.line}`, documentation: `\`${preview(redactor.text(v.value.text))}\``, rank: 1 });
  }
  for (const b of scope.doc.blocks) {
    if (b.name === null || b === block) continue;
    for (const [suffix, detail] of REFERENCE_PATHS) {
      out.push({ label: `${b.name}.${suffix}`, insertText: `${b.name}.${suffix}${suffix.endsWith('.') ? '' : close}`, kind: 'reference', detail: `${detail} of request ${b.name} (line ${b.line}); waits for it`, rank: 3 });
    }
  }
  for (const d of DYNAMIC_VARIABLES) {
    out.push({ label: d.label, insertText: d.insert + close, kind: 'dynamic', detail: d.detail, rank: 4 });
  }
  for (const d of scope.index.definitions) {
    if (d.kind !== 'dotenv' || d.environment !== SHARED) continue;
    out.push({ label: `$dotenv ${d.name}`, insertText: `$dotenv ${d.name}${close}`, kind: 'dynamic', detail: `from ${d.file}`, rank: 5 });
  }
  return out;
}

const REFERENCE_PATHS: [string, string][] = [
  ['response.status', 'the status'],
  ['response.headers.', 'a response header'],
  ['response.body.$.', 'a JSON value of the response body'],
  ['response.body.*', 'the whole response body'],
  ['request.headers.', 'a header sent'],
  ['request.body.*', 'the body sent'],
];

/** Every directive key (for tests and the grammar). */
export const DIRECTIVE_KEYS = DIRECTIVES.map((d) => d.key);

// The warning for variables that only environment files define while no environment (or
// another one) is selected: one diagnostic per name, at its first use, naming the
// environments that define it.
import type { SourceText, TemplateRef } from '../../core/parser/model';
import type { Diagnostic } from '../../core/types';
import { SHARED } from './envIndex';
import type { LangBlock } from './langDocument';
import { definedOnlyElsewhere, fileVariableAt, type VariableScope } from './variables';

const PLAIN_NAME = /^[A-Za-z_][\w.$-]*$/;

function* refsOf(texts: Iterable<SourceText>): Generator<TemplateRef> {
  for (const t of texts) {
    if (!t.text.includes('{{')) continue;
    for (const p of t.parts) if (typeof p !== 'string') yield p;
  }
}

function* blockTexts(b: LangBlock): Generator<SourceText> {
  yield* b.targetParts;
  for (const h of b.headers) {
    yield h.name;
    yield h.value;
  }
  for (const l of b.body ?? []) {
    if (l.kind === 'text') yield l.text;
    else yield l.path;
  }
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The warnings for `scope`'s document (empty when every used name has a value or is unknown everywhere). */
export function environmentDiagnostics(scope: VariableScope): Diagnostic[] {
  // Nothing to say (and nothing to walk in a large file) when no named environment defines anything.
  if (!scope.index.definitions.some((d) => d.environment !== SHARED)) return [];
  const first = new Map<string, { ref: TemplateRef; count: number; envs: string[] }>();
  const visit = (ref: TemplateRef): void => {
    const name = ref.expr.startsWith('%') ? ref.expr.slice(1).trim() : ref.expr;
    if (!PLAIN_NAME.test(name) || name.includes('.response.') || name.includes('.request.')) return;
    const seen = first.get(name);
    if (seen) {
      seen.count++;
      return;
    }
    if (fileVariableAt(scope.doc, name, ref.line)) return;
    const envs = definedOnlyElsewhere(scope, name);
    if (envs.length > 0) first.set(name, { ref, count: 1, envs });
  };
  for (const v of scope.doc.variables) for (const ref of refsOf([v.value])) visit(ref);
  for (const b of scope.doc.blocks) {
    // A @foreach record's fields come first and are not known without reading the file.
    if (b.foreach) continue;
    for (const ref of refsOf(blockTexts(b))) visit(ref);
  }
  const out: Diagnostic[] = [];
  for (const [name, { ref, count, envs }] of first) {
    const where = envs.length === 1 ? `the environment ${envs[0]}` : `the environments ${list(envs)}`;
    const uses = count > 1 ? ` (used ${count} times)` : '';
    const message =
      scope.selected === null
        ? `'${name}' is defined only in ${where}, and no environment is selected${uses}: choose one with "Batch HTTP: Select Environment" (the status bar shows the selection)`
        : `'${name}' is not defined in the selected environment ${scope.selected}, only in ${where}${uses}: select another with "Batch HTTP: Select Environment" or define it`;
    out.push({ severity: 'warning', line: ref.line, column: ref.column, endColumn: ref.column + ref.raw.length, message });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

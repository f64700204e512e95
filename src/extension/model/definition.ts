// Go to definition: from `{{name}}` to the definition that gives its value (then the other
// definitions of that name), from `{{NAME.response...}}` and `@depends-on NAME` to the
// request named NAME.
import { applicableDefinitions } from './envIndex';
import { directiveOnLine, refAt, type Cursor, type LangDocument, type LineReader } from './langDocument';
import { sourceOf, type VariableScope } from './variables';

/** A place to go: `file` null means the document itself. Positions 1-based. */
export interface DefinitionSpec {
  file: string | null;
  line: number;
  column: number;
}

const REQUEST_REF = /^([A-Za-z0-9_-]+)\.(?:response|request)\./;

function requestDefinition(doc: LangDocument, name: string): DefinitionSpec[] {
  const block = doc.blocks.find((b) => b.name === name);
  if (!block) return [];
  const directive = block.directives.find((d) => d.key === 'name' && d.value === name);
  return [directive ? { file: null, line: directive.line, column: directive.valueColumn } : { file: null, line: block.line, column: block.column }];
}

export function definitionsAt(scope: VariableScope, cursor: Cursor, lineAt: LineReader): DefinitionSpec[] {
  const text = lineAt(cursor.line);
  const ref = refAt(text, cursor.character);
  if (ref) {
    const req = REQUEST_REF.exec(ref.expr);
    if (req) return requestDefinition(scope.doc, req[1]!);
    const dotenv = /^\$dotenv\s+(\S+)$/.exec(ref.expr);
    if (dotenv) return applicableDefinitions(scope.index, dotenv[1]!, null).filter((d) => d.kind === 'dotenv').map((d) => ({ file: d.file, line: d.line, column: d.column }));
    return variableDefinitions(scope, ref.expr, cursor.line);
  }
  const d = directiveOnLine(text);
  if (d?.key === 'depends-on' && cursor.character >= d.valueStart) {
    const re = /[^\s,]+/g;
    re.lastIndex = d.valueStart;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (cursor.character >= m.index && cursor.character <= m.index + m[0].length) return requestDefinition(scope.doc, m[0]);
    }
  }
  return [];
}

/** The definition in force first, then the others: the file's own definitions and every environment's. */
function variableDefinitions(scope: VariableScope, name: string, line: number): DefinitionSpec[] {
  const out: DefinitionSpec[] = [];
  const key = (s: DefinitionSpec): string => `${s.file ?? ''}:${s.line}:${s.column}`;
  const seen = new Set<string>();
  const push = (s: DefinitionSpec): void => {
    if (seen.has(key(s))) return;
    seen.add(key(s));
    out.push(s);
  };
  const source = sourceOf(scope, name, line);
  if (source?.kind === 'env') push({ file: source.def.file, line: source.def.line, column: source.def.column });
  if (source?.kind === 'file') push({ file: null, line: source.def.line, column: source.def.column });
  for (const v of scope.doc.variables) if (v.name === name) push({ file: null, line: v.line, column: v.column });
  for (const d of scope.index.definitions) if (d.name === name) push({ file: d.file, line: d.line, column: d.column });
  return out;
}

// Where a `{{name}}` gets its value for the editor's hovers and go to definition, by the
// format's precedence (section 3): the selected environment (and `$shared`, `.env`) over
// the file variables, the last definition above the use winning. Values that come from a
// private file, or that hold one, are secret: shown masked.
import type { FileVariable } from '../../core/parser/model';
import { REDACTED, Redactor } from '../../core/redact';
import { applicableDefinitions, environmentsDefining, secretValues, type EnvDefinition, type EnvironmentIndex } from './envIndex';
import type { LangDocument } from './langDocument';

export interface VariableScope {
  doc: LangDocument;
  index: EnvironmentIndex;
  /** The selected environment, or null for none. */
  selected: string | null;
}

/** Where a name's value comes from at a line. */
export type VariableSource = { kind: 'env'; def: EnvDefinition } | { kind: 'file'; def: FileVariable };

/** The file variable `name` as seen from `line`: the last definition above it. */
export function fileVariableAt(doc: LangDocument, name: string, line: number): FileVariable | undefined {
  let found: FileVariable | undefined;
  for (const v of doc.variables) {
    if (v.line >= line) break;
    if (v.name === name) found = v;
  }
  return found;
}

/** The definition that gives `name` its value at `line`, or undefined when none does. */
export function sourceOf(scope: VariableScope, name: string, line: number): VariableSource | undefined {
  const env = applicableDefinitions(scope.index, name, scope.selected)[0];
  if (env) return { kind: 'env', def: env };
  const file = fileVariableAt(scope.doc, name, line);
  return file ? { kind: 'file', def: file } : undefined;
}

export interface ResolvedValue {
  /** The value with nested variables substituted (unknown, dynamic and response references stay as written). */
  value: string;
  secret: boolean;
  /** Names met that have no value. */
  unresolved: string[];
}

const REF = /\{\{\s*%?\s*([^{}]*?)\s*\}\}/g;
const PLAIN_NAME = /^[A-Za-z_][\w.$-]*$/;
const MAX_DEPTH = 32;

/** The value of `name` at `line`, nested values expanded (loops stop expanding). */
export function resolveVariable(scope: VariableScope, name: string, line: number): ResolvedValue | undefined {
  const source = sourceOf(scope, name, line);
  if (!source) return undefined;
  const unresolved: string[] = [];
  let secret = false;
  const expand = (text: string, at: number, stack: string[]): string =>
    text.replace(REF, (raw, expr: string) => {
      if (!PLAIN_NAME.test(expr) || expr.includes('.response.') || expr.includes('.request.')) return raw;
      if (stack.includes(expr) || stack.length >= MAX_DEPTH) return raw;
      const s = sourceOf(scope, expr, at);
      if (!s) {
        if (!unresolved.includes(expr)) unresolved.push(expr);
        return raw;
      }
      return valueOf(s, [...stack, expr]);
    });
  const valueOf = (s: VariableSource, stack: string[]): string => {
    if (s.kind === 'env' && s.def.secret) secret = true;
    // Values are templates resolved where they are used (format spec section 3): what they
    // refer to is looked up from the use site, not from the definition.
    return expand(s.kind === 'env' ? s.def.value : s.def.value.text, line, stack);
  };
  const value = valueOf(source, [name]);
  return { value, secret, unresolved };
}

/** The text a hover shows for a value: `***` for a secret, else the value with known secrets and userinfo masked. */
export function displayValue(scope: VariableScope, resolved: ResolvedValue, forceSecret = false): string {
  if (resolved.secret || forceSecret) return REDACTED;
  return new Redactor(secretValues(scope.index)).text(resolved.value);
}

/** The environments that define `name` while the selected one (or `$shared`) does not. */
export function definedOnlyElsewhere(scope: VariableScope, name: string): string[] {
  if (applicableDefinitions(scope.index, name, scope.selected).length > 0) return [];
  return environmentsDefining(scope.index, name).filter((e) => e !== scope.selected);
}

// Hovers: on `{{name}}` its value (secrets masked) and where it is defined; on a dynamic
// variable or a response reference what it gives; on a directive what it does.
import { basename } from 'node:path';
import { matchResponseRef } from '../../core/parser/resolver';
import { isSecretHeader, REDACTED } from '../../core/redact';
import { directiveDoc, directiveMarkdown } from './directiveCatalog';
import { SHARED, applicableDefinitions, environmentsDefining, type EnvDefinition } from './envIndex';
import { directiveOnLine, refAt, type Cursor, type LineReader } from './langDocument';
import { dynamicVariable } from './languageCatalog';
import { definedOnlyElsewhere, displayValue, fileVariableAt, resolveVariable, sourceOf, type VariableScope } from './variables';

export interface HoverSpec {
  /** Markdown (no command links). */
  markdown: string;
  /** 0-based columns of the hovered text on the cursor's line. */
  start: number;
  end: number;
}

const MAX_SHOWN = 300;

function code(text: string): string {
  const clipped = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  const ticks = clipped.includes('`') ? '``' : '`';
  return `${ticks}${clipped.replace(/\r?\n/g, ' ')}${ticks}`;
}

export function envWhere(d: EnvDefinition): string {
  const env = d.environment === SHARED ? '`$shared`' : `environment \`${d.environment}\``;
  return `${env} in ${basename(d.file)}, line ${d.line}${d.secret ? ' (private: the value is masked)' : ''}`;
}

/** The hover at the cursor, or undefined. */
export function hoverAt(scope: VariableScope, cursor: Cursor, lineAt: LineReader): HoverSpec | undefined {
  const text = lineAt(cursor.line);
  const ref = refAt(text, cursor.character);
  if (ref) {
    const md = refMarkdown(scope, ref.expr, cursor.line, secretHeaderAt(text, ref.start));
    return md ? { markdown: md, start: ref.start, end: ref.end } : undefined;
  }
  const d = directiveOnLine(text);
  if (d && cursor.character >= d.keyStart && cursor.character <= d.keyEnd) {
    const doc = directiveDoc(d.key);
    return doc ? { markdown: directiveMarkdown(doc), start: d.keyStart, end: d.keyEnd } : undefined;
  }
  if (d?.key === 'depends-on') {
    const word = wordAt(text, cursor.character, d.valueStart);
    const target = word && scope.doc.blocks.find((b) => b.name === word.text);
    if (word && target) return { markdown: requestMarkdown(target.name!, target.line, target.method, target.title), start: word.start, end: word.end };
  }
  const def = /^(\s*@)([A-Za-z_$][\w.$-]*)\s*:?=/.exec(text);
  if (def && cursor.character >= def[1]!.length && cursor.character <= def[0].length) {
    const md = nameMarkdown(scope, def[2]!, cursor.line + 1, false);
    return { markdown: md, start: def[1]!.length, end: def[1]!.length + def[2]!.length };
  }
  return undefined;
}

/** True when the reference at `at` stands in the value of a secret header (`Authorization: Bearer {{token}}`). */
function secretHeaderAt(text: string, at: number): boolean {
  const m = /^([\w-]+)\s*:/.exec(text);
  return m !== null && at > m[0].length - 1 && isSecretHeader(m[1]!);
}

function wordAt(text: string, character: number, from: number): { text: string; start: number; end: number } | undefined {
  const re = /[^\s,]+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (character >= m.index && character <= m.index + m[0].length) return { text: m[0], start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

function requestMarkdown(name: string, line: number, method: string, title: string | null): string {
  return `Request **${name}** (line ${line}): ${method}${title ? ` · ${title}` : ''}`;
}

function refMarkdown(scope: VariableScope, expr: string, line: number, secretHeader: boolean): string | undefined {
  if (expr.startsWith('$')) return dynamicMarkdown(scope, expr);
  const response = matchResponseRef(expr);
  const request = /^([A-Za-z0-9_-]+)\.request\.(headers|body)\.(.+)$/.exec(expr);
  if (response || request) {
    const name = response?.name ?? request![1]!;
    const target = scope.doc.blocks.find((b) => b.name === name);
    const what = response
      ? response.kind === 'status'
        ? 'the response status'
        : response.kind === 'headers'
          ? `the response header ${code(response.path)}`
          : response.path === '*'
            ? 'the whole response body'
            : `${response.path.startsWith('/') ? 'the XPath' : 'the JSON path'} ${code(response.path)} of the response body`
      : request![2] === 'headers'
        ? `the header ${code(request![3]!)} it sent`
        : 'the body it sent';
    const where = target ? requestMarkdown(name, target.line, target.method, target.title) : `No request is named **${name}** in this file.`;
    return `${where}\n\nInserts ${what}. This request waits for **${name}** to succeed (and is skipped if it fails).`;
  }
  return nameMarkdown(scope, expr, line, secretHeader);
}

function dynamicMarkdown(scope: VariableScope, expr: string): string | undefined {
  const dyn = dynamicVariable(expr);
  if (!dyn) return `${code(`{{${expr}}}`)} is not a known dynamic variable: the request using it is not sent.`;
  const head = `${code(dyn.name)}: ${dyn.detail}.`;
  const arg = expr.slice(dyn.name.length).trim();
  if (dyn.name === '$dotenv' && arg) {
    const d = applicableDefinitions(scope.index, arg, null).find((x) => x.kind === 'dotenv');
    return d ? `${head}\n\n**${arg}** = \`${REDACTED}\` from ${envWhere(d)}` : `${head}\n\nNo .env file defines **${arg}**: the value is empty.`;
  }
  if (dyn.name === '$processEnv' && arg) return `${head}\n\nRead from the process environment when the batch runs (not shown here).`;
  return `${head}\n\nEach use gets its own value when the request is prepared; a retry re-sends the same value.`;
}

function nameMarkdown(scope: VariableScope, name: string, line: number, secretHeader: boolean): string {
  const source = sourceOf(scope, name, line);
  if (!source) {
    const elsewhere = environmentsDefining(scope.index, name).filter((e) => e !== scope.selected);
    const later = scope.doc.variables.find((v) => v.name === name && v.line >= line);
    const lines = [`**${name}** is not defined here: the request using it is not sent (UNRESOLVED_VARIABLE).`];
    if (elsewhere.length > 0) lines.push(`Defined in ${elsewhere.length === 1 ? 'environment' : 'environments'} ${elsewhere.map((e) => `\`${e}\``).join(', ')}: select ${elsewhere.length === 1 ? 'it' : 'one'} with **Batch HTTP: Select Environment**.`);
    if (later) lines.push(`A file variable defines it below, at line ${later.line}; a definition applies only to the requests after it.`);
    return lines.join('\n\n');
  }
  const resolved = resolveVariable(scope, name, line)!;
  const lines = [`**${name}** = ${displayValue(scope, resolved, secretHeader) === REDACTED ? `\`${REDACTED}\`` : code(displayValue(scope, resolved))}`];
  if (source.kind === 'env') {
    lines.push(`From ${envWhere(source.def)}.`);
    const file = fileVariableAt(scope.doc, name, line);
    if (file) lines.push(`Overrides the file variable at line ${file.line}.`);
  } else {
    lines.push(`File variable, line ${source.def.line}.`);
    const other = definedOnlyElsewhere(scope, name);
    if (other.length > 0) lines.push(`${other.length === 1 ? 'Environment' : 'Environments'} ${other.map((e) => `\`${e}\``).join(', ')} would override it.`);
  }
  if (resolved.unresolved.length > 0) lines.push(`Not defined: ${resolved.unresolved.map((u) => `**${u}**`).join(', ')}.`);
  if (secretHeader && !resolved.secret) lines.push('Masked: it stands in a secret header.');
  return lines.join('\n\n');
}

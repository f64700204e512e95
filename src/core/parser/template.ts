// Splitting text into literals and `{{...}}` references, with source positions.
import type { SourceText, TemplatePart } from './model';

/** Column (1-based, relative to `column`) of an unclosed `{{`, or 0 when every `{{` is closed. */
export function unclosedColumn(text: string, column: number): number {
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return 0;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return column + open;
    from = close + 2;
  }
}

/**
 * A template whose parts are split on first use: a parsed document of many requests then
 * holds only the text and position of each piece until something plans or exports it.
 */
class LazyTemplate implements SourceText {
  private split: TemplatePart[] | undefined = undefined;

  constructor(
    readonly text: string,
    readonly line: number,
    readonly column: number,
  ) {}

  get parts(): TemplatePart[] {
    return (this.split ??= splitTemplate(this.text, this.line, this.column));
  }
}

/**
 * Compiles `text` (one source line or part of one, starting at `line`:`column`). An unclosed
 * `{{` stays literal text; callers report it with `unclosedColumn`.
 */
export function compileTemplate(text: string, line: number, column: number): SourceText {
  return new LazyTemplate(text, line, column);
}

export function splitTemplate(text: string, line: number, column: number): TemplatePart[] {
  let open = text.indexOf('{{');
  if (open < 0) return text === '' ? [] : [text];
  const parts: TemplatePart[] = [];
  let from = 0;
  while (open >= 0) {
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    if (open > from) parts.push(text.slice(from, open));
    const raw = text.slice(open, close + 2);
    parts.push({ expr: raw.slice(2, -2).trim(), raw, line, column: column + open });
    from = close + 2;
    open = text.indexOf('{{', from);
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** True when a template holds at least one reference. */
export function hasRefs(parts: readonly TemplatePart[]): boolean {
  for (const p of parts) if (typeof p !== 'string') return true;
  return false;
}

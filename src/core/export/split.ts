// Splits the text of a `<@ file` body into literals and `{{...}}` references, line by line
// (a `{{` without `}}` on its line stays literal, as in the .batch.http file itself).
import type { SourcePart } from './source';

export function splitRefs(text: string, line: number): SourcePart[] {
  const parts: SourcePart[] = [];
  const re = /\{\{([^\n]*?)\}\}/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > from) parts.push(text.slice(from, m.index));
    parts.push({ expr: m[1]!.trim(), raw: m[0], line, column: 1 });
    from = m.index + m[0].length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

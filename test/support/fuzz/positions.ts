// Checks that every source position a parser result carries points into the text:
// `line`/`startLine`/`endLine` within the document's lines, `column`/`endColumn` within
// that line (one past its end allowed). Positions of diagnostics about other files are skipped.

const LINE_KEYS = ['line', 'startLine', 'endLine'] as const;
const COLUMN_KEYS = ['column', 'endColumn', 'valueColumn'] as const;

export function lineLengths(text: string): number[] {
  return text.split('\n').map((l) => l.length);
}

function checkOne(obj: Record<string, unknown>, lengths: number[], path: string, out: string[]): void {
  for (const key of LINE_KEYS) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > lengths.length) {
      out.push(`${path}.${key} = ${String(v)} is outside lines 1..${lengths.length}`);
    }
  }
  if (typeof obj.line === 'number' && typeof obj.endLine === 'number' && obj.endLine < obj.line) {
    out.push(`${path}.endLine ${obj.endLine} < line ${obj.line}`);
  }
  if (typeof obj.startLine === 'number' && typeof obj.endLine === 'number' && obj.endLine < obj.startLine) {
    out.push(`${path}.endLine ${obj.endLine} < startLine ${obj.startLine}`);
  }
  for (const key of COLUMN_KEYS) {
    const v = obj[key];
    if (v === undefined) continue;
    const lineNo = key === 'endColumn' && typeof obj.endLine === 'number' ? obj.endLine : obj.line;
    const len = typeof lineNo === 'number' ? lengths[lineNo - 1] : undefined;
    const max = len === undefined ? Infinity : len + 1;
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) {
      out.push(`${path}.${key} = ${String(v)} is outside columns 1..${max} of line ${String(lineNo)}`);
    }
  }
}

/** Problems found (empty when every position is in range). */
export function positionProblems(text: string, value: unknown): string[] {
  const lengths = lineLengths(text);
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 8 || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    const obj = v as Record<string, unknown>;
    if (typeof obj.file !== 'string' || !('severity' in obj)) checkOne(obj, lengths, path, out);
    for (const [k, child] of Object.entries(obj)) walk(child, `${path}.${k}`, depth + 1);
  };
  walk(value, '$', 0);
  return out;
}

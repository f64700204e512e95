// `@foreach` data: a CSV file with a header row, or a JSON file holding an array of objects.
import { parseJsonFile } from './json-depth';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Diagnostic } from '../types';
import { quote } from './quote';

export type DataRecord = Record<string, string>;

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** True when the path names a JSON file (by extension); anything else is read as CSV. */
export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}

/**
 * The header row's names, trimmed (`id, name` gives `name`, not ` name`). A column without a
 * name (a trailing comma, as spreadsheets write) is left out; a repeated name is an error,
 * since one of the two fields would be lost without a word.
 */
export function headerNames(header: string[]): (string | false)[] {
  const seen = new Set<string>();
  return header.map((h) => {
    const n = h.trim();
    if (n === '') return false;
    if (seen.has(n)) throw new Error(`the header row names the column '${quote(n)}' twice`);
    seen.add(n);
    return n;
  });
}

/** Records of a CSV text (header row; quoted fields may hold commas, quotes and newlines). */
export function csvRecords(text: string, file: string, diags: Diagnostic[]): DataRecord[] | null {
  try {
    const rows = parseCsv(text, { bom: true, columns: headerNames, skip_empty_lines: true, trim: false }) as DataRecord[];
    return rows;
  } catch (err) {
    diags.push(csvErrorDiagnostic(err, file));
    return null;
  }
}

/** The diagnostic of a CSV file csv-parse refused: at the line it stopped on. */
export function csvErrorDiagnostic(err: unknown, file: string): Diagnostic {
  const e = err as Error & { lines?: number; code?: string };
  return { severity: 'error', line: typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1, column: 1, file, message: `${file}: ${e.message}` };
}

/** Records of a JSON text: an array of objects; nested values become their JSON text. */
export function jsonRecords(text: string, file: string, diags: Diagnostic[]): DataRecord[] | null {
  const items = jsonArray(text, file, diags);
  return items ? items.map(jsonRecord) : null;
}

/** The number of records of a JSON text (null with its diagnostic): the checks of `jsonRecords`, no record kept. */
export function countJsonRecords(text: string, file: string, diags: Diagnostic[]): number | null {
  return jsonArray(text, file, diags)?.length ?? null;
}

/** One element of the array (an object) as a record. */
export function jsonRecord(item: object): DataRecord {
  const rec: DataRecord = {};
  for (const [k, v] of Object.entries(item as Record<string, unknown>)) rec[k] = fieldValue(v);
  return rec;
}

/** The elements of a JSON data file, each checked to be an object; null with a diagnostic. */
function jsonArray(text: string, file: string, diags: Diagnostic[]): object[] | null {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = parseJsonFile(clean, file);
  if (!parsed.ok) {
    diags.push({ severity: 'error', line: parsed.line, column: parsed.column, file, message: parsed.tooDeep ?? `${file} is not valid JSON: ${parsed.error}` });
    return null;
  }
  const data = parsed.value;
  if (!Array.isArray(data)) {
    diags.push({ severity: 'error', line: 1, column: 1, file, message: `${file} must hold a JSON array of objects, such as [{"id": 1}, {"id": 2}]` });
    return null;
  }
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      diags.push({ severity: 'error', line: 1, column: 1, file, message: `${file}: element ${i} is not an object; @foreach needs an array of objects` });
      return null;
    }
  }
  return data as object[];
}

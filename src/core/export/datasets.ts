// Reads the records of a `@foreach` file (CSV with a header row, or a JSON array of objects)
// into string fields, as the batch uses them.
import { parse } from 'csv-parse/sync';
import type { FileReader } from '../types';

export interface Records {
  fields: string[];
  rows: Record<string, string>[];
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fromJson(text: string, path: string): Records {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data) || !data.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    throw new Error(`${path}: expected a JSON array of objects`);
  }
  const fields: string[] = [];
  const rows = (data as Record<string, unknown>[]).map((record) => {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) {
      if (!fields.includes(k)) fields.push(k);
      row[k] = fieldText(v);
    }
    return row;
  });
  return { fields, rows };
}

function fromCsv(text: string): Records {
  const table = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [header = [], ...body] = table;
  const fields = header.map((h) => h.trim());
  const rows = body.map((cells) => {
    const row: Record<string, string> = {};
    fields.forEach((f, i) => (row[f] = cells[i] ?? ''));
    return row;
  });
  return { fields, rows };
}

/** Reads a records file; JSON when the name ends in `.json` or the text starts with `[`. */
export async function readRecords(files: FileReader, path: string): Promise<Records> {
  const text = new TextDecoder().decode(await files.readFile(path));
  const looksJson = /\.json$/i.test(path) || /^\uFEFF?\s*\[/.test(text);
  return looksJson ? fromJson(text.replace(/^\uFEFF/, ''), path) : fromCsv(text);
}

// Pieces shared by the emitters: the result shape, the file header, CSV text, header maps,
// and status lists.
import { basename } from 'node:path';
import type { ExportNote, ExportPlan, ExportStep, Template } from './model';

export interface ExportFile {
  /** File name, relative to the directory of the main output file. */
  name: string;
  content: string;
}

export interface ExportResult {
  /** The main file first, then the files it refers to (rows, processor). */
  files: ExportFile[];
  /** What does not carry over (also listed at the top of the main file). */
  notes: ExportNote[];
}

/** Formats a note as `line N: message` (or just the message). */
export function formatNote(note: ExportNote): string {
  return note.line === null ? note.message : `line ${note.line}: ${note.message}`;
}

/** The comment block at the top of a generated file. */
export function notesHeader(
  what: string,
  plan: ExportPlan,
  shape: string,
  notes: readonly ExportNote[],
  runLines: readonly string[],
  comment = '#',
): string {
  const env = plan.environmentName === null ? 'no environment' : `environment ${plan.environmentName}`;
  const lines = [
    `${what} exported by batch-http from ${basename(plan.sourceFile)} (${env}).`,
    `Load: ${shape}.`,
    ...runLines,
  ];
  if (plan.envNames.length > 0) lines.push(`Environment variables read at run time: ${plan.envNames.join(', ')}.`);
  if (notes.length === 0) lines.push('Everything in the batch carries over.');
  else {
    lines.push('Not carried over, or carried over differently:');
    for (const n of notes) lines.push(`  - ${formatNote(n).replace(/\r?\n/g, ' ')}`);
  }
  return `${lines.map((l) => `${comment} ${l}`).join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text with a header row; CRLF line ends as RFC 4180 says. */
export function csvText(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  return [fields, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Headers with one value per name (as the engines take them); repeated names are joined with ", ". */
export function mergeHeaders(headers: readonly { name: string; value: Template }[]): {
  headers: { name: string; value: Template }[];
  merged: string[];
} {
  const out: { name: string; value: Template }[] = [];
  const merged: string[] = [];
  for (const h of headers) {
    const prev = out.find((o) => o.name.toLowerCase() === h.name.toLowerCase());
    if (!prev) out.push({ name: h.name, value: [...h.value] });
    else {
      prev.value.push({ kind: 'text', text: ', ' }, ...h.value);
      if (!merged.includes(prev.name)) merged.push(prev.name);
    }
  }
  return { headers: out, merged };
}

/** `200,2xx` as the list of statuses it accepts. */
export function expandStatusList(text: string): number[] {
  const out = new Set<number>();
  for (const raw of text.split(',')) {
    const item = raw.trim().toLowerCase();
    if (/^[1-5]xx$/.test(item)) {
      const base = Number(item[0]) * 100;
      for (let s = base; s < base + 100; s++) out.add(s);
    } else if (/^\d{3}$/.test(item)) out.add(Number(item));
  }
  return [...out].sort((a, b) => a - b);
}

/** Both engines keep cookies by default, as the batch does: said in every export's notes. */
export function cookieNote(engine: string): ExportNote {
  return {
    line: null,
    message: `cookies: ${engine} keeps the cookies servers set and sends them back, as the batch's cookie jar does, but one jar per virtual user instead of one per run`,
  };
}

export function mergedNote(step: ExportStep, merged: readonly string[]): ExportNote {
  return { line: step.line, message: `${step.label}: repeated headers ${merged.join(', ')} are sent once, with the values joined by ", "` };
}

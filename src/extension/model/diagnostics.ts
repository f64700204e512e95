// Core diagnostics (1-based, end column exclusive) to 0-based editor ranges.
import type { Diagnostic } from '../../core/types';

export interface ZeroBasedRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * The range to underline. `lineLength(n)` gives the length of 0-based line n; positions are
 * clamped into the document so a diagnostic past the end still shows.
 */
export function diagnosticRange(d: Diagnostic, lineCount: number, lineLength: (line: number) => number): ZeroBasedRange {
  const last = Math.max(0, lineCount - 1);
  const startLine = clamp(d.line - 1, 0, last);
  const endLine = clamp((d.endLine ?? d.line) - 1, startLine, last);
  const startCharacter = clamp(d.column - 1, 0, lineLength(startLine));
  const endLen = lineLength(endLine);
  let endCharacter = d.endColumn !== undefined ? clamp(d.endColumn - 1, 0, endLen) : endLen;
  if (endLine === startLine && endCharacter <= startCharacter) endCharacter = Math.max(startCharacter, endLen);
  return { startLine, startCharacter, endLine, endCharacter };
}

/** The refusal message of a run on a file with errors. */
export function errorsRefusal(fileName: string, errors: readonly Diagnostic[]): string {
  const first = errors[0];
  const where = first ? ` First: line ${first.line}: ${first.message}` : '';
  const n = errors.length;
  return `Batch HTTP: ${fileName} has ${n} ${n === 1 ? 'error' : 'errors'}; nothing was sent. Fix ${n === 1 ? 'it' : 'them'} (see the Problems panel) and run again.${where}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

// Lines of other tools that are not requests and are skipped with a warning (format
// section 13, item 11): kulala and JetBrains `import`/`run` lines, a response kept in the
// file after its request, and httpYac GraphQL fragments written outside a body.

/** What to skip: the warning's text and how far the skip goes. */
export interface ToolLine {
  message: string;
  /** 'response': to the next separator; 'fragment': to a line starting with `}`; null: this line. */
  skips: 'response' | 'fragment' | null;
}

const IMPORT_RUN = /^(import|run)\s+(\S.*)$/;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s+\d{3}(?:\s|$)/;
const FRAGMENT = /^fragment\s+[A-Za-z_]\w*\s+on\s+[A-Za-z_]\w*/;

/** A kulala/JetBrains `import ./file.http` or `run ./file.http` (`run #name`) line. */
function importRun(t: string): ToolLine | null {
  const m = IMPORT_RUN.exec(t);
  if (!m) return null;
  const what = m[1] === 'run' ? `'run ${m[2]!.trim()}'` : `'import ${m[2]!.trim()}'`;
  const instead =
    m[1] === 'run'
      ? "run that file's requests as their own batch (batch-http run FILE), or copy the requests into this file"
      : "copy the requests or variables you need into this file (environments go in http-client.env.json or .env)";
  return { message: `skipped the kulala/JetBrains line ${what}: other files are not run from here; ${instead}`, skips: null };
}

/**
 * A line of another tool at `at` (its first non-blank character), or null. `requestSeen`
 * says whether the block already has a request line (a kept response follows one).
 */
export function matchToolLine(line: string, at: number, requestSeen: boolean): ToolLine | null {
  const c = line.charCodeAt(at);
  // Fast exit: every form starts with one of H f i r.
  if (c !== 72 && c !== 102 && c !== 105 && c !== 114) return null;
  const t = at === 0 ? line : line.slice(at);
  if (c === 105 || c === 114) return importRun(t);
  if (c === 72) {
    if (!STATUS_LINE.test(t)) return null;
    const where = requestSeen ? 'after its request' : 'in the file';
    return { message: `skipped a response kept ${where} ('${t.trim().slice(0, 40)}'): lines up to the next '###' are not part of a request`, skips: 'response' };
  }
  if (at === 0 && FRAGMENT.test(t)) {
    return {
      message: "skipped an httpYac GraphQL fragment outside a request: fragments of another block are not joined in here; put the fragment into the body of the query that uses it",
      skips: t.includes('{') && !t.trimEnd().endsWith('}') ? 'fragment' : null,
    };
  }
  return null;
}

/** True when a skipped fragment ends on this line (a line that starts with `}`). */
export function closesFragment(line: string): boolean {
  return line.charCodeAt(0) === 125;
}

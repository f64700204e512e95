// JUnit XML: one <testsuite> for the file, one <testcase> per request.
import type { Redactor } from '../redact';
import { reportRedactor } from './redactor';
import type { RequestResult, RunReport } from '../types';
import { jsonAssertions } from './assertions';

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"']/g, (c) => XML_ENTITIES[c]);
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

function seconds(ms: number | null): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

/** The test case name: the request's title, else `METHOD URL`. */
export function testCaseName(r: RequestResult, redactor: Redactor): string {
  return r.title !== null ? redactor.text(r.title) : `${r.method} ${redactor.text(r.url)}`;
}

/** Every assertion of a result, one line each: `PASS|FAIL|NOT CHECKED line N: ?? text (found: value)`. */
function assertionLines(r: RequestResult, redactor: Redactor): string {
  const list = jsonAssertions(r.assertions, redactor);
  if (list.length === 0) return '';
  const lines = list.map((a) => {
    const mark = a.ok === null ? 'NOT CHECKED' : a.ok ? 'PASS' : 'FAIL';
    const found = a.ok === null ? '' : ` (found: ${a.actual ?? 'nothing'})`;
    return `${mark} line ${a.line}: ?? ${a.text}${found}`;
  });
  return `\nassertions:\n${lines.join('\n')}`;
}

export function toJunit(report: RunReport, secrets: readonly string[] = []): string {
  const redactor = reportRedactor(report, secrets);
  const file = escapeXml(report.file);
  let text = junitHead(report);
  for (const r of report.results) text += junitTestCase(r, file, redactor);
  return text + JUNIT_TAIL;
}

/** The report's text before the first `<testcase>`: the counts of the whole run. */
export function junitHead(report: RunReport): string {
  const s = report.summary;
  // NOT_NEEDED copies (`@first`) are counted apart from the cancelled ones and skipped too.
  const skipped = s.skipped + s.cancelled + (s.notNeeded ?? 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="batch-http" tests="${s.total}" failures="${s.failed}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${escapeXml(report.file)}" tests="${s.total}" failures="${s.failed}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    '',
  ].join('\n');
}

/** The report's text after the last `<testcase>`. */
export const JUNIT_TAIL = '  </testsuite>\n</testsuites>\n';

/** One result's `<testcase>` element and the line break after it; `file`: the report's file, escaped (`escapeXml`). */
export function junitTestCase(r: RequestResult, file: string, redactor: Redactor): string {
  const head = `    <testcase name="${escapeXml(testCaseName(r, redactor))}" classname="${file}" time="${seconds(r.durationMs)}"`;
  if (r.outcome === 'succeeded') return `${head}/>\n`;
  const code = r.error?.code ?? r.outcome.toUpperCase();
  const message = escapeXml(redactor.text(r.error?.message ?? r.outcome));
  let inner: string;
  if (r.outcome === 'failed') {
    const polls = r.polls ? `, ${r.polls} poll${r.polls === 1 ? '' : 's'}` : '';
    const detail = `${r.method} ${redactor.text(r.url)}${r.status !== null ? ` -> ${r.status}` : ''} (line ${r.line}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${polls})`;
    inner = `      <failure message="${escapeXml(code)}: ${message}" type="${escapeXml(code)}">${escapeXml(detail)}\n${message}${escapeXml(assertionLines(r, redactor))}</failure>`;
  } else {
    inner = `      <skipped message="${escapeXml(code)}: ${message}"/>`;
  }
  return `${head}>\n${inner}\n    </testcase>\n`;
}

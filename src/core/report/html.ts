// The run report as one self-contained HTML file: the client script and styles inlined,
// the (redacted) report model embedded as JSON, a strict Content-Security-Policy, and no
// remote resource of any kind, so it opens offline in any browser.
import { randomBytes } from 'node:crypto';
import type { RunReport } from '../types';
import { reportAssets } from './assets';
import type { ModelTail } from './model-totals';
import { buildReportModel, type ModelHead, type ReportModelOptions } from './timeline';

export interface HtmlReportOptions extends ReportModelOptions {
  /** Nonce for the inline script and style; random by default. */
  nonce?: string;
}

/** The parts of a report page; the webview and the standalone file differ only in these. */
export interface ReportPageParts {
  /** The Content-Security-Policy value. */
  csp: string;
  title: string;
  /** Markup for the head: the styles (inline or linked). Trusted. */
  head: string;
  /** Markup at the end of the body: the data block and the script. Trusted. */
  scripts: string;
}

/** The standalone report page. Secrets are redacted (`secrets`/`redactor` options). */
export function toHtml(report: RunReport, options: HtmlReportOptions = {}): string {
  const model = buildReportModel(report, options);
  return renderReportPage(standaloneParts(model.title, dataBlock(model), options.nonce ?? createNonce()));
}

/**
 * The standalone page of a model given in parts, as `toHtml` writes it: the model's fields
 * before its rows (`head`), the rows' embedded JSON texts in index order (`rows`, see
 * `embedJson`), then the fields after them (`tail`). Only one row is held at a time.
 */
export function* htmlPageChunks<T>(head: ModelHead, rows: Iterable<T>, tail: ModelTail, nonce = createNonce()): Generator<string | T> {
  const mark = `@rows-${createNonce()}@`;
  const page = renderReportPage(standaloneParts(head.title, `<script type="application/json" id="batch-http-data">${mark}</script>`, nonce));
  const at = page.indexOf(mark);
  yield `${page.slice(0, at)}${embedJson(head).slice(0, -1)},"rows":[`;
  let first = true;
  for (const row of rows) {
    if (!first) yield ',';
    first = false;
    yield row;
  }
  yield `],${embedJson(tail).slice(1)}${page.slice(at + mark.length)}`;
}

function standaloneParts(title: string, data: string, nonce: string): ReportPageParts {
  const { script, css } = reportAssets();
  return {
    csp: [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; '),
    title: `Batch HTTP report – ${title}`,
    head: `<style nonce="${nonce}">${css.replace(/<\/(style)/gi, '<\\/$1')}</style>`,
    scripts: `${data}\n<script nonce="${nonce}">${inlineScript(script)}</script>`,
  };
}

export function renderReportPage(parts: ReportPageParts): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    parts.head,
    '</head>',
    '<body>',
    '<main id="app"></main>',
    parts.scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A JSON data block the client reads by id; never executed. */
export function dataBlock(value: unknown): string {
  return `<script type="application/json" id="batch-http-data">${embedJson(value)}</script>`;
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become `\u` escapes
 * (so no `</script>` or `<!--` can close or confuse the element), as do U+2028/U+2029.
 * `JSON.parse` of the text gives back the value unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Guards inline script text against a literal `</script` ending the element early. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 128 random bits, base64: a fresh nonce per page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}


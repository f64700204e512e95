import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportModel } from '../../../src/core/report/timeline';
import { isFromWebview, isReportWebviewState } from '../../../src/extension/report/protocol';
import { webviewHtml } from '../../../src/extension/report/webview-html';
import { syntheticReport } from '../../support/synthetic-report';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

test('the webview page loads only media/ files, the script by nonce, under a strict CSP', () => {
  const html = webviewHtml({
    cspSource: CSP_SOURCE,
    scriptUri: `${CSP_SOURCE}/ext/media/report.js`,
    styleUri: `${CSP_SOURCE}/ext/media/report.css`,
    title: 'Report: a.batch.http',
    nonce: 'N0NCE',
  });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), "'nonce-N0NCE'");
  assert.equal(directives.get('style-src'), CSP_SOURCE);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  assert.match(html, /<script nonce="N0NCE" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/report\.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/report\.css">/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<main id="app"><\/main>/);
});

test('messages and saved state from the webview are checked before use', () => {
  assert.equal(isFromWebview({ type: 'ready' }), true);
  assert.equal(isFromWebview({ type: 'reveal', index: 3, line: 12 }), true);
  assert.equal(isFromWebview({ type: 'reveal', index: '3', line: 12 }), false);
  assert.equal(isFromWebview({ type: 'reveal', index: 1.5, line: 12 }), false);
  assert.equal(isFromWebview(null), false);
  assert.equal(isFromWebview({ type: 'run-command' }), false);
  const model = buildReportModel(syntheticReport({ count: 3 }));
  assert.equal(isReportWebviewState({ model, runId: 'r' }), true);
  assert.equal(isReportWebviewState({ model, runId: 1 }), false);
  assert.equal(isReportWebviewState({ model: { version: 2, rows: [] }, runId: 'r' }), false);
  assert.equal(isReportWebviewState(undefined), false);
});

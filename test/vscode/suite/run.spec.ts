/// <reference types="mocha" />
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, openBatchFile, startServer, waitFor, type TestServer } from './helpers';

suite('Batch HTTP: running', () => {
  let server: TestServer;

  suiteSetup(async () => {
    server = await startServer(20_000);
  });

  suiteTeardown(async () => {
    await server.close();
  });

  test('Run Batch sends every request and keeps the results', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('run.batch.http', `### first\nGET ${server.url}/a\n\n### second\nPOST ${server.url}/b\nContent-Type: application/json\n\n{"x": 1}\n\n###\n# @name broken\nGET ${server.url}/fail\n# @retries 0\n`);
    const before = server.hits();
    await vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    const run = api.runs()[0];
    assert.ok(run?.report, 'the run has a report');
    assert.equal(run.fileName, 'run.batch.http');
    assert.deepEqual(run.entriesInOrder().map((e) => [e.label, e.state]), [
      ['first', 'succeeded'],
      ['second', 'succeeded'],
      ['broken', 'failed'],
    ]);
    assert.ok(server.hits() - before >= 3);
  });

  test('Rerun Failed Requests runs only the failed one', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('batchHttp.rerunFailed');
    const run = api.runs()[0];
    assert.deepEqual(run?.entriesInOrder().map((e) => e.label), ['broken']);
  });

  test('selecting a request opens its response read-only, JSON pretty-printed', async () => {
    const api = await extensionApi();
    const run = api.runs().find((r) => r.entriesInOrder().length === 3);
    assert.ok(run);
    await vscode.commands.executeCommand('batchHttp.openResponse', run.id, 0);
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'batch-http-response'), 5_000, 'response document');
    assert.equal(doc.getText(), `${JSON.stringify({ path: '/a', method: 'GET' }, null, 2)}\n`);
  });

  test('Copy Request as cURL puts the request on the clipboard', async () => {
    const api = await extensionApi();
    const entry = api.runs().find((r) => r.entriesInOrder().length === 3)?.entry(1);
    assert.ok(entry);
    await vscode.commands.executeCommand('batchHttp.copyAsCurl', entry);
    const text = await vscode.env.clipboard.readText();
    assert.match(text, new RegExp(`^curl ${server.url.replace(/[.:/]/g, '\\$&')}/b`));
    assert.match(text, /--data-raw '\{"x": 1\}'/);
  });

  test('Cancel Run ends requests in flight as cancelled', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('slow.batch.http', `# @concurrency 2\nGET ${server.url}/slow/1\n\n###\nGET ${server.url}/slow/2\n\n###\nGET ${server.url}/slow/3\n`);
    const done = vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    const run = await waitFor(() => api.runs().find((r) => r.fileName === 'slow.batch.http' && r.entriesInOrder().some((e) => e.state === 'running')), 10_000, 'a running request');
    await vscode.commands.executeCommand('batchHttp.cancel');
    await done;
    assert.ok(run.report);
    assert.deepEqual(run.entriesInOrder().map((e) => e.state), ['cancelled', 'cancelled', 'cancelled']);
    assert.equal(run.report.summary.cancelled, 3);
  });

  test('a file with errors is refused and nothing is sent', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('bad.batch.http', `GET ${server.url}/{{oops\n`);
    const runsBefore = api.runs().length;
    const hitsBefore = server.hits();
    await vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    assert.equal(api.runs().length, runsBefore);
    assert.equal(server.hits(), hitsBefore);
  });

  test('a second Run while one is being prepared or going starts nothing', async () => {
    const api = await extensionApi();
    const editor = await openBatchFile('twice.batch.http', `GET ${server.url}/slow/twice\n`);
    const before = api.runs().length;
    const first = vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    await vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    const run = await waitFor(() => api.runs().length === before + 1 && api.runs()[0]?.running && api.runs()[0], 10_000, 'the first run to start');
    await vscode.commands.executeCommand('batchHttp.runBatch', editor.document.uri);
    await vscode.commands.executeCommand('batchHttp.cancel');
    await first;
    assert.equal(api.runs().length, before + 1);
    assert.equal(run.counts.cancelled, 1);
  });
});

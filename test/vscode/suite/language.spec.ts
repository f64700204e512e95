/// <reference types="mocha" />
// Completion, hovers, go to definition, the environment warning and plain .http files in a
// real extension host (issue 19, items 3, 5 and 9). Files live in their own folder so its
// environment file touches no other spec.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, openBatchFile, waitFor, workspaceDir } from './helpers';

const DIR = 'lang-features';
const TEXT = ['@base = {{host}}/v1', '### one', '# @name login', 'GET {{base}}/a', 'Authorization: Bearer {{token}}', '', '### two', '# @', 'GET {{login.response.body.$.id}}', ''].join('\n');

async function writeEnv(): Promise<void> {
  const env = { dev: { host: 'http://127.0.0.1:1' } };
  const priv = { dev: { token: 'very-secret-token' } };
  await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(workspaceDir(), DIR, 'http-client.env.json')), new TextEncoder().encode(JSON.stringify(env, null, 2)));
  await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(workspaceDir(), DIR, 'http-client.private.env.json')), new TextEncoder().encode(JSON.stringify(priv, null, 2)));
}

suite('Batch HTTP: language features', () => {
  suiteSetup(writeEnv);

  test('directive completion offers the new directives', async () => {
    const editor = await openBatchFile(`${DIR}/complete.batch.http`, TEXT);
    await extensionApi();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(7, 3));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const k of ['@until', '@poll-interval', '@first', '@no-cookie-jar']) assert.ok(labels.includes(k), k);
  });

  test('hover shows a variable masked when it is private, and where it is defined', async () => {
    const editor = await openBatchFile(`${DIR}/hover.batch.http`, TEXT);
    await extensionApi();
    const config = vscode.workspace.getConfiguration('batchHttp');
    await config.update('environment', 'dev', vscode.ConfigurationTarget.Global);
    try {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(4, 25));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.ok(!text.includes('very-secret-token'), text);
      assert.match(text, /\*\*token\*\* = `\*\*\*`/);
      assert.match(text, /http-client\.private\.env\.json/);
    } finally {
      await config.update('environment', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('hover without an environment names the environment that defines the variable', async () => {
    const editor = await openBatchFile(`${DIR}/hover-none.batch.http`, TEXT);
    await extensionApi();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(4, 25));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.ok(!text.includes('very-secret-token'), text);
    assert.match(text, /environment `dev`/);
  });

  test('go to definition from a response reference lands on the @name line', async () => {
    const editor = await openBatchFile(`${DIR}/definition.batch.http`, TEXT);
    await extensionApi();
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(8, 10));
    assert.equal(locations[0]?.range.start.line, 2);
  });

  test('a variable only an environment defines is a warning while none is selected', async () => {
    const editor = await openBatchFile(`${DIR}/warn.batch.http`, TEXT);
    await extensionApi();
    const found = await waitFor(
      () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'environment' && d.message.includes("'host'")),
      10_000,
      'the environment warning',
    );
    assert.equal(found.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(found.message, /environment dev/);
  });

  test('a plain .http file gets the CodeLenses when no other HTTP extension is installed', async () => {
    const editor = await openBatchFile(`${DIR}/plain.http`, 'GET http://127.0.0.1:1/a\n');
    await extensionApi();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.ok(lenses.some((l) => l.command?.title.startsWith('Run batch')));
  });

  test('the filter commands are registered', async () => {
    await extensionApi();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['batchHttp.showFailedOnly', 'batchHttp.showAllRequests']) assert.ok(all.has(id), id);
  });
});

// Shared helpers of the extension-host specs: the extension's API, files in the test
// workspace, a real HTTP server on 127.0.0.1.
/// <reference types="mocha" />
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BatchHttpApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'batch-http.batch-http';

export async function extensionApi(): Promise<BatchHttpApi> {
  const ext = vscode.extensions.getExtension<BatchHttpApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test host`);
  return ext.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test host was started without a workspace folder');
  return folder.uri.fsPath;
}

/** Writes a .batch.http file into the workspace and opens it in an editor. */
export async function openBatchFile(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(path.join(workspaceDir(), name));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

export interface TestServer {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** A JSON echo server; `/slow` answers after `slowMs`, `/fail` answers 500. */
export async function startServer(slowMs = 5_000): Promise<TestServer> {
  let hits = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    hits++;
    const send = (): void => {
      const status = req.url?.startsWith('/fail') ? 500 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    };
    if (req.url?.startsWith('/slow')) {
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, slowMs);
      timers.add(t);
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `check` returns a value (bounded). */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

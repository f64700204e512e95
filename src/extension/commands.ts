// Every `batchHttp.*` command. Handlers stay thin: they find the document or the tree node
// and call the run controller, the session or the core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { concurrencyPickItems, parseConcurrencyInput } from './model/concurrency';
import { exportForLoadTesting } from './export';
import { toCurl } from '../core/curl';
import { Redactor } from '../core/redact';
import { toHtml } from '../core/report/html';
import { createNodeFileReader } from '../core/system';
import { userSettings } from './config';
import { updateContextKeys } from './contextKeys';
import type { CoreApi } from './core';
import type { RequestEntry, RunRecord } from './model/runModel';
import type { RunStore } from './model/runStore';
import { blockAtLine } from './model/selection';
import { isBatchDocument, type ParseCache } from './parseCache';
import { fileContext, planDocument } from './planning';
import type { ResponseDocuments } from './responseDocument';
import type { ResultsTreeProvider } from './resultsTree';
import type { RunController } from './runController';
import type { Session } from './session';
import type { BatchStatusBar } from './statusBar';

export interface CommandDeps {
  core: CoreApi;
  store: RunStore;
  runs: RunController;
  tree: ResultsTreeProvider;
  responses: ResponseDocuments;
  statusBar: BatchStatusBar;
  parses: ParseCache;
  session: Session;
  channel: vscode.LogOutputChannel;
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown);
  return [
    reg('batchHttp.runBatch', async (uri?: vscode.Uri) => {
      const document = await batchDocument(uri);
      if (document) await d.runs.run(document, { kind: 'all' });
    }),
    reg('batchHttp.runRequestAtCursor', async (uri?: vscode.Uri, blockIndex?: number) => {
      const document = await batchDocument(uri);
      if (!document) return;
      const block = typeof blockIndex === 'number' ? blockIndex : blockAtLine(d.parses.get(document).blocks, cursorLine(document));
      if (block === undefined) {
        void vscode.window.showInformationMessage('Batch HTTP: there is no request at the cursor.');
        return;
      }
      await d.runs.run(document, { kind: 'blocks', blocks: [block] });
    }),
    reg('batchHttp.runSelected', async (uri?: vscode.Uri) => {
      const document = await batchDocument(uri);
      const editor = document && vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (!document || !editor) return;
      await d.runs.run(document, d.runs.scopeOfSelections(document, editor.selections));
    }),
    reg('batchHttp.cancel', () => {
      if (!d.runs.cancel()) void vscode.window.showInformationMessage('Batch HTTP: no batch is running.');
    }),
    reg('batchHttp.rerunFailed', async (node?: RunRecord) => {
      const run = node?.kind === 'run' ? node : d.store.latestFinished();
      if (!run) return void vscode.window.showInformationMessage('Batch HTTP: there is no finished run to rerun.');
      const indices = run.unsuccessfulIndices();
      if (indices.length === 0) return void vscode.window.showInformationMessage(`Batch HTTP: every request of the last run of ${run.fileName} succeeded.`);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(run.source));
      await d.runs.run(document, { kind: 'indices', indices, expectTotal: run.requests.length });
    }),
    reg('batchHttp.rerunRequest', async (entry?: RequestEntry) => {
      if (entry?.kind !== 'request') return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.run.source));
      await d.runs.run(document, { kind: 'indices', indices: [entry.index], expectTotal: entry.run.requests.length });
    }),
    reg('batchHttp.selectEnvironment', async (uri?: vscode.Uri) => selectEnvironment(d, await batchDocument(uri, false))),
    reg('batchHttp.setConcurrency', async () => setConcurrency(d)),
    reg('batchHttp.showTraceLog', () => d.channel.show(true)),
    reg('batchHttp.exportForLoadTesting', async (uri?: vscode.Uri) => {
      const document = await batchDocument(uri);
      await exportForLoadTesting(document?.uri, {
        environment: d.session.environment(userSettings(document?.uri).environment),
        // A load test has no adaptive limit: 'auto' leaves the virtual users uncapped by it.
        ...(typeof d.session.explicit().concurrency === 'number' ? { concurrency: d.session.explicit().concurrency as number } : {}),
        channel: d.channel,
      });
    }),
    reg('batchHttp.exportResults', async (node?: RunRecord) => exportResults(d, node?.kind === 'run' ? node : d.store.latestFinished())),
    reg('batchHttp.copyAsCurl', async (arg?: RequestEntry | vscode.Uri) => copyAsCurl(d, arg)),
    reg('batchHttp.clearResults', () => {
      if (d.store.clearFinished()) d.tree.refreshAll();
      if (d.store.runs.length === 0) d.statusBar.hide();
      updateContextKeys(d.store, d.runs.running);
    }),
    reg('batchHttp.goToRequest', async (entry?: RequestEntry) => {
      if (entry?.kind !== 'request') return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.run.source));
      const line = Math.min(Math.max(0, entry.line - 1), document.lineCount - 1);
      const range = new vscode.Range(line, 0, line, document.lineAt(line).text.length);
      await vscode.window.showTextDocument(document, { selection: range, preview: false });
    }),
    reg('batchHttp.openResponse', async (a?: string | RequestEntry, index?: number) => {
      if (typeof a === 'string' && typeof index === 'number') await d.responses.open(a, index);
      else if (a && typeof a === 'object' && a.kind === 'request') await d.responses.open(a.run.id, a.index);
    }),
  ];
}

/** The .batch.http document a command is about: the given one, else the active editor's. */
async function batchDocument(uri?: vscode.Uri, required = true): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const document = vscode.window.activeTextEditor?.document;
  if (document && isBatchDocument(document)) return document;
  if (required) void vscode.window.showInformationMessage('Batch HTTP: open a .batch.http file first.');
  return undefined;
}

function cursorLine(document: vscode.TextDocument): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  return (editor?.selection.active.line ?? 0) + 1;
}

async function selectEnvironment(d: CommandDeps, document: vscode.TextDocument | undefined): Promise<void> {
  let names: string[] = [];
  if (document) {
    const ctx = fileContext(document);
    names = await d.core.listEnvironments(ctx.filePath, ctx.workspaceRoot, createNodeFileReader());
  }
  const current = d.session.environment(userSettings(document?.uri).environment);
  if (names.length === 0 && current === null) {
    void vscode.window.showInformationMessage('Batch HTTP: no environments found. Define them in http-client.env.json next to the file or in a folder above it.');
    return;
  }
  type Item = vscode.QuickPickItem & { value: string | null };
  const items: Item[] = [
    { label: 'No environment', description: current === null ? 'current' : undefined, detail: 'Only $shared values and file variables', value: null },
    ...names.map((n): Item => ({ label: n, description: n === current ? 'current' : undefined, value: n })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Batch HTTP: Select Environment', placeHolder: 'Environment for runs in this workspace' });
  if (!pick) return;
  await d.session.pickEnvironment(pick.value);
  d.channel.info(`Environment: ${pick.value ?? '(none)'}`);
}

/** Offers `auto` and common numbers (model/concurrency.ts); a change applies to a running batch at once. */
async function setConcurrency(d: CommandDeps): Promise<void> {
  const current = d.session.explicit().concurrency;
  const pick = await vscode.window.showQuickPick(concurrencyPickItems(current, d.store.runs.some((r) => r.running)), {
    title: 'Batch HTTP: Set Concurrency',
    placeHolder: 'Requests in flight at once for runs in this session',
  });
  if (!pick) return;
  if (pick.value !== 'other') return d.session.setConcurrency(pick.value ?? undefined);
  const text = await vscode.window.showInputBox({
    title: 'Batch HTTP: Set Concurrency',
    prompt: "A whole number from 1 to 1024, or 'auto'.",
    value: current === undefined ? '' : String(current),
    validateInput: (t) => {
      const r = parseConcurrencyInput(t);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (text === undefined) return;
  const r = parseConcurrencyInput(text);
  if ('value' in r) d.session.setConcurrency(r.value);
}

async function exportResults(d: CommandDeps, run: RunRecord | undefined): Promise<void> {
  if (!run?.report) {
    void vscode.window.showInformationMessage('Batch HTTP: there is no finished run to export.');
    return;
  }
  const base = run.fileName.replace(/\.batch\.http$/i, '');
  const target = await vscode.window.showSaveDialog({
    title: 'Batch HTTP: Export Results',
    defaultUri: vscode.Uri.file(path.join(path.dirname(run.file), `${base}.results.json`)),
    filters: { 'JSON report': ['json'], 'JUnit XML': ['xml'], 'HTML report': ['html'] },
  });
  if (!target) return;
  const lower = target.path.toLowerCase();
  const text = lower.endsWith('.xml')
    ? d.core.toJunit(run.report, run.secrets)
    : lower.endsWith('.html') || lower.endsWith('.htm')
      ? toHtml(run.report, { secrets: run.secrets })
      : d.core.toJsonReport(run.report, run.secrets);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Batch HTTP: results saved to ${vscode.workspace.asRelativePath(target)}.`);
}

async function copyAsCurl(d: CommandDeps, arg: RequestEntry | vscode.Uri | undefined): Promise<void> {
  let command: string | undefined;
  let label = '';
  const insecure = (uri?: vscode.Uri): boolean => !userSettings(uri).rejectUnauthorized;
  if (arg && !(arg instanceof vscode.Uri) && arg.kind === 'request') {
    const planned = arg.run.requests[arg.index];
    if (planned) command = toCurl(planned, { insecure: insecure(vscode.Uri.file(arg.run.file)) });
    label = arg.label;
  } else {
    const document = await batchDocument(arg instanceof vscode.Uri ? arg : undefined);
    if (!document) return;
    const block = blockAtLine(d.parses.get(document).blocks, cursorLine(document));
    const outcome = await planDocument(d.core, d.parses, d.session, document);
    if (!outcome.ok) {
      void vscode.window.showErrorMessage(
        outcome.reason === 'errors' ? 'Batch HTTP: the file has errors (see the Problems panel); fix them to copy a request.' : `Batch HTTP: the environment "${outcome.environment}" is not defined.`,
      );
      return;
    }
    const planned = outcome.plan.requests.find((r) => r.blockIndex === block);
    if (planned) {
      command = toCurl(planned, { insecure: insecure(document.uri) });
      label = new Redactor(outcome.plan.secrets).text(planned.title ?? planned.name ?? `${planned.method} ${planned.url}`);
    }
  }
  if (!command) {
    void vscode.window.showInformationMessage('Batch HTTP: there is no request here to copy.');
    return;
  }
  // The command keeps secrets as sent (the user asked for a working command); the message does not.
  await vscode.env.clipboard.writeText(command);
  void vscode.window.showInformationMessage(`Batch HTTP: copied "${label}" as a cURL command.`);
}

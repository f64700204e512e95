// What every `batchHttp.*` command does (the ids and the registration are in
// commandTable.ts). Actions stay thin: they find the document or the tree node and call the
// run controller, the session, the store or the core.
import * as vscode from 'vscode';
import { concurrencyPickItems, parseConcurrencyInput } from './model/concurrency';
import { exportForLoadTesting } from './export';
import { toCurl } from '../core/curl';
import { fillResponseRefs, lookupFromRun } from '../core/curl-refs';
import { curlCopiedMessage, lastRunOf, runRequestViews } from './model/curlCopy';
import { Redactor } from '../core/redact';
import { createNodeFileReader } from '../core/system';
import { exportResults } from './commands/exportResults';
import { setFailedOnly } from './commands/treeFilter';
import { userSettings } from './config';
import type { RequestEntry, RunRecord } from './model/runModel';
import { blockAtLine } from './model/selection';
import { responseToShow } from './model/singleRun';
import { isRunnableDocument } from './parseCache';
import { fileContext, planEditorDocument } from './planning';
import type { DetailNode } from './resultsTree';
import type { Services } from './services';

export type CommandServices = Pick<Services, 'core' | 'store' | 'runs' | 'responses' | 'parses' | 'session' | 'channel' | 'report' | 'tree' | 'treeView'>;

/** What each command does; the command table (commandTable.ts) maps the ids to these. */
export class CommandActions {
  constructor(private readonly s: CommandServices) {}

  async runBatch(uri?: vscode.Uri): Promise<void> {
    const document = await batchDocument(uri);
    if (document) await this.s.runs.run(document, { kind: 'all' });
  }

  async runRequestAtCursor(uri?: vscode.Uri, blockIndex?: number): Promise<void> {
    const document = await batchDocument(uri);
    if (!document) return;
    const block = typeof blockIndex === 'number' ? blockIndex : blockAtLine(this.s.parses.get(document).blocks, cursorLine(document));
    if (block === undefined) {
      void vscode.window.showInformationMessage('Batch HTTP: there is no request at the cursor.');
      return;
    }
    await this.showSingleResponse(await this.s.runs.run(document, { kind: 'blocks', blocks: [block] }));
  }

  /** After a single-request run, its response beside the editor (`batchHttp.showResponse`). */
  private async showSingleResponse(run: RunRecord | undefined): Promise<void> {
    if (!run) return;
    const index = responseToShow(
      { single: run.single, only: run.only, reported: run.report !== null, stateOf: (i) => run.entry(i)?.state },
      userSettings(vscode.Uri.parse(run.source)).showResponse,
    );
    if (index !== null) await this.s.responses.open(run.id, index, { preview: true, beside: true, full: true });
  }

  async runSelected(uri?: vscode.Uri): Promise<void> {
    const document = await batchDocument(uri);
    const editor = document && vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (!document || !editor) return;
    await this.showSingleResponse(await this.s.runs.run(document, this.s.runs.scopeOfSelections(document, editor.selections)));
  }

  cancel(): void {
    if (!this.s.runs.cancel()) void vscode.window.showInformationMessage('Batch HTTP: no batch is running.');
  }

  async rerunFailed(node?: RunRecord): Promise<void> {
    const run = node?.kind === 'run' ? node : this.s.store.latestFinished();
    if (!run) return void vscode.window.showInformationMessage('Batch HTTP: there is no finished run to rerun.');
    const indices = run.unsuccessfulIndices();
    if (indices.length === 0) return void vscode.window.showInformationMessage(`Batch HTTP: every request of the last run of ${run.fileName} succeeded.`);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(run.source));
    await this.s.runs.run(document, { kind: 'indices', indices, expectTotal: run.requests.length });
  }

  async rerunRequest(entry?: RequestEntry): Promise<void> {
    if (entry?.kind !== 'request') return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.run.source));
    await this.s.runs.run(document, { kind: 'indices', indices: [entry.index], expectTotal: entry.run.requests.length });
  }

  showTraceLog(): void {
    this.s.channel.show(true);
  }

  async exportForLoadTesting(uri?: vscode.Uri): Promise<void> {
    const document = await batchDocument(uri);
    await exportForLoadTesting(document?.uri, {
      environment: this.s.session.environment(userSettings(document?.uri).environment),
      // A load test has no adaptive limit: 'auto' leaves the virtual users uncapped by it.
      ...numericConcurrency(this.s.session.explicit().concurrency),
      channel: this.s.channel,
    });
  }

  async exportResults(node?: RunRecord): Promise<void> {
    await exportResults(this.s.core, node?.kind === 'run' ? node : this.s.store.latestFinished());
  }

  /** The Results view's filter: only the requests that did not succeed (`on`), or all of them. */
  async showFailedOnly(on: boolean): Promise<void> {
    await setFailedOnly(this.s.tree, this.s.treeView, on);
  }

  clearResults(): void {
    // The tree, the status bar and the context keys follow the store's change.
    this.s.store.clearFinished();
  }

  async goToRequest(entry?: RequestEntry): Promise<void> {
    if (entry?.kind !== 'request') return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(entry.run.source));
    const line = Math.min(Math.max(0, entry.line - 1), document.lineCount - 1);
    const range = new vscode.Range(line, 0, line, document.lineAt(line).text.length);
    await vscode.window.showTextDocument(document, { selection: range, preview: false });
  }

  async openResponse(a?: string | RequestEntry, index?: number): Promise<void> {
    if (typeof a === 'string' && typeof index === 'number') await this.s.responses.open(a, index);
    else if (a && typeof a === 'object' && a.kind === 'request') await this.s.responses.open(a.run.id, a.index);
  }

  openReport(arg?: unknown): void {
    this.s.report.openCommand(arg);
  }

  async selectEnvironment(uri?: vscode.Uri): Promise<void> {
    await selectEnvironment(this.s, await batchDocument(uri, false));
  }

  async setConcurrency(): Promise<void> {
    await setConcurrency(this.s);
  }

  async copyAsCurl(arg?: RequestEntry | vscode.Uri): Promise<void> {
    await copyAsCurl(this.s, arg);
  }

  /** A detail's value (a trace or span id) to the clipboard. */
  async copyDetail(node?: DetailNode): Promise<void> {
    if (node?.kind !== 'detail' || node.copy === undefined) return;
    await vscode.env.clipboard.writeText(node.copy);
    vscode.window.setStatusBarMessage(`Batch HTTP: ${node.label} copied`, 3000);
  }
}

/** The .batch.http (or plain .http / .rest) document a command is about: the given one, else the active editor's. */
async function batchDocument(uri?: vscode.Uri, required = true): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const document = vscode.window.activeTextEditor?.document;
  if (document && isRunnableDocument(document)) return document;
  if (required) void vscode.window.showInformationMessage('Batch HTTP: open a .batch.http, .http or .rest file first.');
  return undefined;
}

function cursorLine(document: vscode.TextDocument): number {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  return (editor?.selection.active.line ?? 0) + 1;
}

async function selectEnvironment(d: CommandServices, document: vscode.TextDocument | undefined): Promise<void> {
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

function numericConcurrency(value: number | 'auto' | undefined): { concurrency?: number } {
  return typeof value === 'number' ? { concurrency: value } : {};
}

/** Offers `auto` and common numbers (model/concurrency.ts); a change applies to a running batch at once. */
async function setConcurrency(d: CommandServices): Promise<void> {
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

async function copyAsCurl(d: CommandServices, arg: RequestEntry | vscode.Uri | undefined): Promise<void> {
  const insecure = (uri?: vscode.Uri): boolean => !userSettings(uri).rejectUnauthorized;
  let copied: { command: string; label: string; unresolved: string[]; origin: 'tree' | 'editor' } | undefined;
  if (arg && !(arg instanceof vscode.Uri) && arg.kind === 'request') {
    // From the tree: what was sent, response values from this same run.
    const planned = arg.run.requests[arg.index];
    if (planned) {
      const filled = fillResponseRefs(planned, lookupFromRun(runRequestViews(arg.run)));
      copied = { command: toCurl(filled.request, { insecure: insecure(vscode.Uri.file(arg.run.file)) }), label: arg.label, unresolved: filled.unresolved, origin: 'tree' };
    }
  } else {
    const document = await batchDocument(arg instanceof vscode.Uri ? arg : undefined);
    if (!document) return;
    const block = blockAtLine(d.parses.get(document).blocks, cursorLine(document));
    const outcome = await planEditorDocument(d.core, d.parses, d.session, document);
    if (!outcome.ok) {
      void vscode.window.showErrorMessage(
        outcome.reason === 'errors' ? 'Batch HTTP: the file has errors (see the Problems panel); fix them to copy a request.' : `Batch HTTP: the environment "${outcome.environment}" is not defined.`,
      );
      return;
    }
    const planned = outcome.plan.requests.find((r) => r.blockIndex === block);
    if (planned) {
      // From the editor: file and environment values by planning, response values from the file's last run.
      const last = lastRunOf(d.store.runs, outcome.plan.file);
      const filled = fillResponseRefs(planned, lookupFromRun(last ? runRequestViews(last) : []));
      const label = new Redactor(outcome.plan.secrets).text(planned.title ?? planned.name ?? `${planned.method} ${planned.url}`);
      copied = { command: toCurl(filled.request, { insecure: insecure(document.uri) }), label, unresolved: [...planned.unresolved.map((n) => `{{${n}}}`), ...filled.unresolved], origin: 'editor' };
    }
  }
  if (!copied) {
    void vscode.window.showInformationMessage('Batch HTTP: there is no request here to copy.');
    return;
  }
  // The command keeps secrets as sent (the user asked for a working command); the message does not.
  await vscode.env.clipboard.writeText(copied.command);
  const message = curlCopiedMessage(copied.label, copied.unresolved, copied.origin);
  if (message.warning) void vscode.window.showWarningMessage(message.text);
  else void vscode.window.showInformationMessage(message.text);
}

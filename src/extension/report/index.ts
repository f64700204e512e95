// The run report view: what the `batchHttp.openReport` command does (the command table
// registers it), the report panel and its serializer (the panel comes back after a window
// reload). The composition root calls `registerReportView` once and feeds it runs;
// everything it registers is disposed with the extension.
import * as vscode from 'vscode';
import { revealColumn } from '../model/singleRun';
import { isReportWebviewState } from './protocol';
import * as path from 'node:path';
import { REPORT_VIEW_TYPE, ReportPanel, reportWebviewOptions, type ReportSource, type RevealTarget } from './report-panel';

export { REPORT_VIEW_TYPE, type ReportSource, type RevealTarget } from './report-panel';

export interface ReportViewDeps {
  /**
   * The run the command is about: `arg` is what the command got (a results-tree item, or
   * nothing from the palette and the status bar, meaning the latest run). Undefined when
   * there is no run to show.
   */
  resolveRun(arg: unknown): ReportSource | undefined;
  /**
   * Reveals a clicked request in the results tree. Optional; the request's line is
   * revealed in the file in any case.
   */
  revealInTree?(runId: string, index: number): void | Promise<void>;
}

export interface ReportView extends vscode.Disposable {
  /** Opens (or brings forward) the report panel on a run. */
  open(source: ReportSource): void;
  /**
   * Points an open panel at another run (a new run of the same file, say) without
   * bringing it forward; does nothing when no panel is open.
   */
  follow(source: ReportSource): void;
  /**
   * Live refresh: if the panel shows run `runId`, it calls `snapshot` when a refresh is due
   * (throttled), so this is cheap to call on every run event. Call it once more with
   * `final: true` when the run has ended.
   */
  update(runId: string, snapshot: () => ReportSource, final?: boolean): void;
  /** The run the panel shows, or undefined when no panel is open. */
  readonly openRunId: string | undefined;
  /** The `batchHttp.openReport` command: the run `arg` means (see `resolveRun`), else a message. */
  openCommand(arg?: unknown): void;
}

export function registerReportView(context: vscode.ExtensionContext, deps: ReportViewDeps): ReportView {
  const extensionUri = context.extensionUri;
  let current: ReportPanel | undefined;

  const reveal = async (target: RevealTarget): Promise<void> => {
    await deps.revealInTree?.(target.runId, target.index);
    await revealLine(target.file, target.line);
  };
  const adopt = (panel: vscode.WebviewPanel, runId: string, model: ConstructorParameters<typeof ReportPanel>[3]): ReportPanel => {
    current?.dispose();
    const wrapper = new ReportPanel(panel, extensionUri, runId, model, reveal, () => {
      if (current === wrapper) current = undefined;
    });
    current = wrapper;
    return wrapper;
  };

  const view: ReportView = {
    open(source) {
      if (!current) {
        const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Batch HTTP Report', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, reportWebviewOptions(extensionUri));
        adopt(panel, source.runId, null);
      }
      current?.show(source);
      current?.reveal();
    },
    follow(source) {
      current?.show(source);
    },
    update(runId, snapshot, final = false) {
      current?.update(runId, snapshot, final);
    },
    get openRunId() {
      return current?.runId;
    },
    openCommand(arg) {
      const source = deps.resolveRun(arg);
      if (!source) {
        void vscode.window.showInformationMessage('Batch HTTP: there is no run to report yet. Run a .batch.http file first.');
        return;
      }
      view.open(source);
    },
    dispose() {
      current?.dispose();
    },
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The webview kept the last model it showed (already redacted) with setState.
        if (isReportWebviewState(state)) adopt(panel, state.runId, state.model);
        else adopt(panel, '', null);
      },
    }),
    view,
  );
  return view;
}

/** Opens the file beside the report with the request line selected. */
async function revealLine(file: string, line: number): Promise<void> {
  if (!file) return;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const absolute = path.isAbsolute(file) ? file : root ? path.resolve(root, file) : null;
  if (!absolute) return;
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  const uri = vscode.Uri.file(absolute);
  const shownIn = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString() && e.viewColumn !== undefined).map((e) => e.viewColumn as number);
  const groups = vscode.window.tabGroups.all.map((g) => g.viewColumn as number);
  // The click came from the report, so its group is the active one.
  const column = revealColumn(shownIn, groups, vscode.window.tabGroups.activeTabGroup?.viewColumn);
  const editor = await vscode.window.showTextDocument(uri, {
    viewColumn: column,
    preserveFocus: false,
    selection: new vscode.Range(position, position),
  });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

// The report webview panel: one panel shows one run's report, refreshed by `update` while
// the run goes on. Clicks on a request in the webview come back as `reveal` messages.
import * as vscode from 'vscode';
import { buildReportModel, type PendingRequest, type ReportModel } from '../../core/report/timeline';
import type { RunReport } from '../../core/types';
import { isFromWebview, type ToWebview } from './protocol';
import { RefreshThrottle } from './throttle';
import { webviewHtml } from './webview-html';

export const REPORT_VIEW_TYPE = 'batchHttp.report';

/** A run to show: the report so far and, while it runs, the requests still pending. */
export interface ReportSource {
  /** Stable id of the run in the host (the results tree's run id). */
  runId: string;
  report: RunReport;
  /** Values to redact (the plan's secrets). */
  secrets?: readonly string[];
  /** Requests still queued or running; non-empty means the run goes on. */
  pending?: readonly PendingRequest[];
  /** Snapshot time in ms since the run started. */
  nowMs?: number;
}

/** Where a click in the report points. */
export interface RevealTarget {
  runId: string;
  index: number;
  /** The .batch.http file (as in the report) and the request's 1-based line. */
  file: string;
  line: number;
}

export type RevealHandler = (target: RevealTarget) => void | Promise<void>;

/** Webview options: scripts on, local resources limited to media/. */
export function reportWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    enableFindWidget: true,
    // State survives hiding through the webview's setState, not by keeping it alive.
    retainContextWhenHidden: false,
  };
}

export class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private model: ReportModel | null;
  private file: string;
  private pendingSource: (() => ReportSource) | null = null;
  private readonly throttle = new RefreshThrottle(() => this.flush());
  private disposed = false;

  /** Wraps a new or revived panel. `onDispose` runs once when the panel closes. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private runIdValue: string,
    model: ReportModel | null,
    private readonly onReveal: RevealHandler,
    onDispose: () => void,
  ) {
    this.model = model;
    this.file = model?.file ?? '';
    const webview = panel.webview;
    webview.options = reportWebviewOptions(extensionUri);
    const media = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString();
    webview.html = webviewHtml({ cspSource: webview.cspSource, scriptUri: media('report.js'), styleUri: media('report.css'), title: panel.title });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => {
        this.disposeResources();
        onDispose();
      }),
    );
    if (model) panel.title = titleOf(model);
  }

  get runId(): string {
    return this.runIdValue;
  }

  /** Shows a run now (a different run replaces the current one). */
  show(source: ReportSource): void {
    this.runIdValue = source.runId;
    this.pendingSource = () => source;
    this.throttle.runNow();
  }

  /**
   * Live refresh of the run this panel shows (other runs are ignored). `snapshot` is
   * called only when a refresh is due: at most every 250 ms (1 s for runs over 2,000
   * requests); a final update is posted at once.
   */
  update(runId: string, snapshot: () => ReportSource, final: boolean): void {
    if (runId !== this.runIdValue || this.disposed) return;
    this.pendingSource = snapshot;
    this.throttle.request((this.model?.rows.length ?? 0) > 2000 ? 1000 : 250, final);
  }

  /** Selects a request in the webview (from the tree, for instance). */
  select(index: number): void {
    void this.post({ type: 'select', index });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private flush(): void {
    const snapshot = this.pendingSource;
    if (!snapshot || this.disposed) return;
    this.pendingSource = null;
    const source = snapshot();
    this.file = source.report.file;
    this.model = buildReportModel(source.report, { secrets: source.secrets ?? [], pending: source.pending ?? [], nowMs: source.nowMs });
    this.panel.title = titleOf(this.model);
    this.postModel();
  }

  private postModel(): void {
    if (this.model) void this.post({ type: 'model', model: this.model, runId: this.runIdValue });
  }

  private post(message: ToWebview): Thenable<boolean> {
    // A hidden webview drops messages; it asks again with `ready` when it comes back.
    return this.disposed ? Promise.resolve(false) : this.panel.webview.postMessage(message);
  }

  private onMessage(message: unknown): void {
    if (!isFromWebview(message)) return;
    if (message.type === 'ready') {
      if (this.pendingSource) this.throttle.runNow();
      else this.postModel();
      return;
    }
    void Promise.resolve(this.onReveal({ runId: this.runIdValue, index: message.index, file: this.file, line: message.line })).catch((err: unknown) => {
      void vscode.window.showWarningMessage(`Could not reveal request #${message.index}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private disposeResources(): void {
    this.disposed = true;
    this.throttle.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function titleOf(model: ReportModel): string {
  return `${model.live ? 'Running' : 'Report'}: ${model.title}`;
}

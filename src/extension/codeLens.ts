// CodeLenses from the parsed file: "Run batch (N requests, concurrency C)" and "Run" above
// the requests, "Cancel (done/total)" while the file runs.
import * as vscode from 'vscode';
import { userSettings } from './config';
import { Coalescer } from './model/coalesce';
import { lensSpecs } from './model/codeLens';
import { showLenses } from './model/plainHttp';
import { REFRESH_MS } from './model/refreshRates';
import type { RunChange, RunStore } from './model/runStore';
import { effectiveConcurrency } from './model/settings';
import type { ParseCache } from './parseCache';
import type { Session } from './session';


export class BatchCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** A run ended and the editor may not have taken the lens refresh yet. */
  private endedSinceFocus = false;
  private readonly progressUpdates = new Coalescer<true>(() => this.changed.fire(), REFRESH_MS.progress);

  constructor(
    private readonly parses: ParseCache,
    private readonly session: Session,
    private readonly store: RunStore,
  ) {
    this.subscriptions = [
      session.onDidChange(() => this.changed.fire()),
      store.onDidChange((change) => this.onRunChange(change)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('batchHttp')) this.changed.fire();
      }),
      vscode.extensions.onDidChange(() => this.changed.fire()),
      // A refresh VS Code dropped while the editor was not focused (a "Cancel (n/N)" lens left
      // after the run): ask again when the window or an editor comes back, once per ended run.
      vscode.window.onDidChangeWindowState((state) => state.focused && this.refreshIfEnded()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshIfEnded()),
    ];
  }

  private onRunChange(change: RunChange): void {
    if (change.kind === 'started') this.changed.fire();
    else if (change.kind === 'event' && change.event.type === 'finished') this.progressUpdates.add(true);
    else if (change.kind === 'ended') {
      this.progressUpdates.flushNow();
      this.changed.fire();
      // VS Code drops a lens refresh that arrives while the editor is not focused; once a
      // run ends, refresh once more a moment later so no stale "Cancel" lens stays behind.
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.changed.fire(), 1000);
      this.endedSinceFocus = true;
    }
  }

  private refreshIfEnded(): void {
    if (!this.endedSinceFocus) return;
    this.endedSinceFocus = false;
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const settings = userSettings(document.uri);
    if (!settings.codeLensEnabled) return [];
    if (!showLenses(document.fileName, document.languageId, settings.plainHttpLens, (id) => vscode.extensions.getExtension(id) !== undefined)) return [];
    const parsed = this.parses.get(document);
    const live = this.store.running();
    const running = live && live.source === document.uri.toString() ? { done: live.counts.done, total: live.total } : null;
    const concurrency = effectiveConcurrency(parsed.batchSettings, settings, this.session.explicit());
    return lensSpecs(parsed.blocks, concurrency, running).map((spec) => {
      const line = Math.min(Math.max(spec.line - 1, 0), document.lineCount - 1);
      const range = new vscode.Range(line, 0, line, 0);
      switch (spec.kind) {
        case 'batch':
          return new vscode.CodeLens(range, { title: spec.title, command: 'batchHttp.runBatch', arguments: [document.uri] });
        case 'cancel':
          return new vscode.CodeLens(range, { title: spec.title, command: 'batchHttp.cancel' });
        case 'run':
          return new vscode.CodeLens(range, { title: spec.title, command: 'batchHttp.runRequestAtCursor', arguments: [document.uri, spec.blockIndex] });
      }
    });
  }

  dispose(): void {
    clearTimeout(this.settleTimer);
    this.progressUpdates.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

// Starts and cancels runs: refuses where the file or the workspace does not allow a run,
// feeds the runner's events to the tree, the progress notification, the status bar and the
// CodeLenses, and converts the user's cancel into the core's AbortSignal.
import * as vscode from 'vscode';
import type { BatchHandle } from '../core/runner';
import type { Logger } from '../core/types';
import type { LiveProgress } from './codeLens';
import { updateContextKeys } from './contextKeys';
import type { CoreApi } from './core';
import type { DiagnosticsController } from './diagnostics';
import { abortSignalFrom } from './model/abort';
import { AUTO_MAX, type ConcurrencyValue, LimitTracker } from './model/concurrency';
import { Coalescer } from './model/coalesce';
import { errorsRefusal } from './model/diagnostics';
import { progressText, summaryText } from './model/format';
import { RunRecord } from './model/runModel';
import type { RunStore } from './model/runStore';
import { blocksInRanges, resolveScope, type RunScope } from './model/selection';
import type { ParseCache } from './parseCache';
import { planDocument, proxyEnvironment } from './planning';
import type { RunObserver } from './reportWiring';
import type { ResultsTreeProvider, ResultNode } from './resultsTree';
import type { Session } from './session';
import type { BatchStatusBar } from './statusBar';

export type { RunScope } from './model/selection';

export interface RunControllerDeps {
  core: CoreApi;
  store: RunStore;
  tree: ResultsTreeProvider;
  treeView: vscode.TreeView<ResultNode>;
  statusBar: BatchStatusBar;
  diagnostics: DiagnosticsController;
  parses: ParseCache;
  session: Session;
  channel: vscode.LogOutputChannel;
  logger: Logger;
  /** Told about each run's start, events and end (the report view). */
  observer?: RunObserver;
}

export class RunController implements LiveProgress, vscode.Disposable {
  private active: { run: RunRecord; controller: AbortController; done: Promise<void>; handle?: BatchHandle; applied?: ConcurrencyValue } | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly lensUpdates = new Coalescer<true>(() => this.changed.fire(), 250);
  private seq = 0;
  private planning = false;

  private readonly sessionChanges: vscode.Disposable;

  constructor(private readonly deps: RunControllerDeps) {
    this.sessionChanges = deps.session.onDidChange(() => this.applyConcurrency());
  }

  /** Set Concurrency while a batch runs: the new value applies to it at once. */
  private applyConcurrency(): void {
    const value = this.deps.session.explicit().concurrency;
    const active = this.active;
    if (!active?.handle || value === undefined || value === active.applied) return;
    active.applied = value;
    active.handle.setConcurrency(value, value === 'auto' ? AUTO_MAX : undefined);
    this.deps.channel.info(`Concurrency of the running batch ${active.run.fileName}: ${value === 'auto' ? `auto (MAX ${AUTO_MAX})` : value}`);
  }

  get running(): boolean {
    return this.active !== null;
  }

  current(): { source: string; done: number; total: number } | null {
    if (!this.active) return null;
    const { run } = this.active;
    return { source: run.source, done: run.counts.done, total: run.total };
  }

  /** Resolves when no run is going (for tests and for deactivation). */
  async idle(): Promise<void> {
    while (this.active) await this.active.done;
  }

  cancel(): boolean {
    if (!this.active) return false;
    this.deps.channel.info(`Cancel requested for ${this.active.run.fileName}`);
    this.active.controller.abort();
    return true;
  }

  /** Selections of an editor as a block scope. */
  scopeOfSelections(document: vscode.TextDocument, selections: readonly vscode.Selection[]): RunScope {
    const blocks = this.deps.parses.get(document).blocks;
    const ranges = selections.map((s) => ({ startLine: s.start.line + 1, endLine: s.end.line + 1 - (s.end.character === 0 && s.end.line > s.start.line ? 1 : 0) }));
    return { kind: 'blocks', blocks: blocksInRanges(blocks, ranges) };
  }

  /** Runs the scope of the document. Returns the run, or undefined when it was refused. */
  async run(document: vscode.TextDocument, scope: RunScope): Promise<RunRecord | undefined> {
    const { deps } = this;
    if (this.active) {
      void vscode.window.showWarningMessage(`Batch HTTP: ${this.active.run.fileName} is still running. Cancel it (Batch HTTP: Cancel Run) or wait for it to finish.`);
      return undefined;
    }
    if (this.planning) {
      void vscode.window.showWarningMessage('Batch HTTP: a batch is being prepared; wait for it to start.');
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      void vscode.window
        .showWarningMessage('Batch HTTP: requests are not sent in Restricted Mode. Trust this workspace to run batches.', manage)
        .then((pick) => pick === manage && vscode.commands.executeCommand('workbench.trust.manage'));
      await this.showRestrictedDiagnostics(document);
      return undefined;
    }
    const parsed = deps.parses.get(document);
    const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (syntaxErrors.length > 0) {
      this.refuseErrors(document, syntaxErrors);
      return undefined;
    }
    // Planning a large file takes a moment; a second Run meanwhile must not start a second batch.
    this.planning = true;
    let outcome: Awaited<ReturnType<typeof planDocument>>;
    try {
      outcome = await planDocument(deps.core, deps.parses, deps.session, document);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.channel.error(`Planning ${document.uri.path.split('/').pop() ?? 'the file'} failed: ${message}`);
      void vscode.window.showErrorMessage(`Batch HTTP: the batch could not be prepared: ${message}`);
      return undefined;
    } finally {
      this.planning = false;
    }
    if (!outcome.ok) {
      if (outcome.reason === 'errors') {
        deps.diagnostics.show(document, outcome.plan.diagnostics);
        this.refuseErrors(document, outcome.plan.diagnostics.filter((d) => d.severity === 'error'));
      } else {
        const select = 'Select Environment';
        void vscode.window
          .showErrorMessage(`Batch HTTP: the environment "${outcome.environment}" is not defined in http-client.env.json or http-client.private.env.json. Select another one.`, select)
          .then((pick) => pick === select && vscode.commands.executeCommand('batchHttp.selectEnvironment', document.uri));
      }
      return undefined;
    }
    const { plan, settings, environment } = outcome;
    const scoped = resolveScope(plan.requests, scope);
    if (!scoped.ok) {
      if (scoped.reason === 'changed') void vscode.window.showWarningMessage('Batch HTTP: the file changed since that run, so its requests cannot be matched. Run the batch again.');
      else void vscode.window.showInformationMessage('Batch HTTP: there is no HTTP request to run here.');
      return undefined;
    }
    const { only } = scoped;

    const run = new RunRecord({
      id: `run-${Date.now().toString(36)}-${++this.seq}`,
      file: plan.file,
      source: document.uri.toString(),
      startedAt: new Date(),
      requests: plan.requests,
      only,
      secrets: plan.secrets,
    });
    deps.store.add(run);
    deps.tree.refreshAll();
    const controller = new AbortController();
    let finish!: () => void;
    this.active = { run, controller, done: new Promise<void>((resolve) => (finish = resolve)), applied: deps.session.explicit().concurrency };
    updateContextKeys(deps.store, true);
    deps.statusBar.update(run);
    deps.observer?.started(run, plan);
    this.changed.fire();
    void Promise.resolve(deps.treeView.reveal(run, { select: false, focus: false, expand: true })).catch(() => undefined);
    const s = plan.settings;
    deps.channel.info(
      `Run ${run.fileName}: ${only ? `${only.length} of ${plan.requests.length}` : plan.requests.length} requests, concurrency ${s.concurrency}, per host ${s.perHost}, ` +
        `timeout ${s.timeoutMs} ms, retries ${s.retries}${s.rate ? `, rate ${s.rate}/s` : ''}, environment ${environment ?? '(none)'}`,
    );

    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Batch HTTP: ${run.fileName}`, cancellable: true },
        async (progress, token) => {
          const fromToken = abortSignalFrom(token);
          const signal = AbortSignal.any([fromToken.signal, controller.signal]);
          let reported = 0;
          const progressUpdates = new Coalescer<true>(() => {
            const total = Math.max(1, run.total);
            const pct = (run.counts.done / total) * 100;
            progress.report({ message: progressText(run.counts.done, run.total, run.counts.failed), increment: pct - reported });
            reported = pct;
            deps.statusBar.update(run);
            deps.treeView.description = `${run.fileName}: ${progressText(run.counts.done, run.total, run.counts.failed)}`;
          }, 250);
          progress.report({ message: progressText(0, run.total, 0) });
          let known = run.entriesInOrder().length;
          const limits = new LimitTracker(plan.settings);
          deps.statusBar.setLimit(limits.text());
          try {
            const handle = deps.core.startBatch(plan, {
              signal,
              logger: deps.logger,
              only,
              maxBodyBytes: settings.maxBodyBytes,
              rejectUnauthorized: settings.rejectUnauthorized,
              proxyEnv: proxyEnvironment(),
              secrets: plan.secrets,
              onEvent: (event) => {
                deps.observer?.event(run, event);
                if (limits.apply(event)) {
                  deps.statusBar.setLimit(limits.text());
                  progressUpdates.add(true);
                }
                const entry = run.apply(event);
                if (!entry) return;
                deps.tree.entryChanged(entry);
                if (run.only && run.entriesInOrder().length !== known) {
                  known = run.entriesInOrder().length;
                  deps.tree.runChanged(run);
                }
                if (event.type === 'finished') {
                  progressUpdates.add(true);
                  this.lensUpdates.add(true);
                }
              },
            });
            if (this.active) this.active.handle = handle;
            const report = await handle.report;
            run.finish(report);
            deps.channel.info(`Finished ${run.fileName}: ${summaryText(report.summary, report.durationMs)}`);
          } finally {
            progressUpdates.dispose();
            fromToken.dispose();
          }
        },
      );
    } catch (err) {
      const message = run.redactor.text(err instanceof Error ? err.message : String(err));
      run.fail(message);
      deps.channel.error(run.redactor.text(`Run of ${run.fileName} stopped: ${err instanceof Error ? (err.stack ?? message) : message}`));
      void vscode.window.showErrorMessage(`Batch HTTP: the run of ${run.fileName} stopped: ${message}`);
    } finally {
      this.active = null;
      deps.statusBar.setLimit(null);
      deps.treeView.description = undefined;
      this.lensUpdates.flushNow();
      deps.tree.runChanged(run, true);
      deps.statusBar.update(run);
      deps.observer?.finished(run);
      updateContextKeys(deps.store, false);
      this.changed.fire();
      finish();
    }
    return run;
  }

  dispose(): void {
    this.sessionChanges.dispose();
    this.active?.controller.abort();
    this.lensUpdates.dispose();
    this.changed.dispose();
  }

  /**
   * In Restricted Mode nothing is planned for a run, so the warnings only planning finds (a
   * `$processEnv` / `$dotenv` value that is not read) would never show: plan the file the way
   * a run would (without the process environment or .env files) and show its diagnostics.
   */
  private async showRestrictedDiagnostics(document: vscode.TextDocument): Promise<void> {
    try {
      const outcome = await planDocument(this.deps.core, this.deps.parses, this.deps.session, document);
      if ('plan' in outcome) this.deps.diagnostics.show(document, outcome.plan.diagnostics);
    } catch (err) {
      this.deps.channel.warn(`Checking ${document.uri.path.split('/').pop() ?? 'the file'} in Restricted Mode failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private refuseErrors(document: vscode.TextDocument, errors: readonly { line: number; column: number; message: string; severity: 'error' | 'warning' | 'info' }[]): void {
    const name = document.uri.path.split('/').pop() ?? 'the file';
    const show = 'Show Problems';
    this.deps.channel.warn(errorsRefusal(name, errors));
    void vscode.window.showErrorMessage(errorsRefusal(name, errors), show).then((pick) => pick === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
  }
}

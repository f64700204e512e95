// Starts and cancels runs from the editor: refuses where the file or the workspace does not
// allow a run (prepare), records the run in the store (start), and runs the batch with a
// progress notification, converting the user's cancel into the core's AbortSignal (observe).
// The tree, status bar, CodeLenses and report follow the store's change event on their own.
import * as vscode from 'vscode';
import type { BatchHandle } from '../core/runner';
import type { BatchPlan, Diagnostic, RequestBlockInfo } from '../core/types';
import { abortSignalFrom } from './model/abort';
import { AUTO_MAX, type ConcurrencyValue } from './model/concurrency';
import { Coalescer, settle } from './model/coalesce';
import { errorsRefusal } from './model/diagnostics';
import { blockingErrors, wholeFileRefusal } from './model/blockErrors';
import { progressText, summaryText } from './model/format';
import { REFRESH_MS } from './model/refreshRates';
import { RunRecord } from './model/runModel';
import { blocksInRanges, resolveScope, type RunScope } from './model/selection';
import type { UserSettings } from './model/settings';
import { isSingleRequestRun, shouldRevealResults } from './model/singleRun';
import { planEditorDocument, proxyEnvironment } from './planning';
import type { Services } from './services';

export type { RunScope } from './model/selection';

export type RunControllerServices = Pick<Services, 'core' | 'store' | 'parses' | 'session' | 'channel' | 'logger' | 'diagnostics' | 'treeView'>;

/** A run that may start: the plan, the requests asked for, and the settings it runs with. */
interface PreparedRun {
  document: vscode.TextDocument;
  plan: BatchPlan;
  only: readonly number[] | undefined;
  settings: UserSettings;
  environment: string | null;
  /** One request asked for (see `isSingleRequestRun`). */
  single: boolean;
}

interface ActiveRun {
  run: RunRecord;
  controller: AbortController;
  /** Resolves when the run has ended and the views were told. */
  done: Promise<void>;
  resolveDone(): void;
  /** The running batch (set once it started): Set Concurrency applies through it. */
  handle?: BatchHandle;
  /** The session's concurrency the run has now (from the plan, or applied through `handle`). */
  applied?: ConcurrencyValue;
}

/**
 * How long a run waits between telling the views it started and starting the batch, so the
 * first feedback (status bar, run node, Cancel lens) reaches the window at once.
 */
const VIEWS_FIRST_MS = 15;


export class RunController implements vscode.Disposable {
  private active: ActiveRun | null = null;
  private seq = 0;
  private planning = false;
  /** The Results view was revealed for a run of this session. */
  private revealed = false;
  private readonly sessionChanges: vscode.Disposable;

  constructor(private readonly s: RunControllerServices) {
    this.sessionChanges = s.session.onDidChange(() => this.applyConcurrency());
  }

  /** Set Concurrency while a batch runs: the new value applies to it at once. */
  private applyConcurrency(): void {
    const value = this.s.session.explicit().concurrency;
    const active = this.active;
    if (!active?.handle || value === undefined || value === active.applied) return;
    active.applied = value;
    active.handle.setConcurrency(value, value === 'auto' ? AUTO_MAX : undefined);
    this.s.channel.info(`Concurrency of the running batch ${active.run.fileName}: ${value === 'auto' ? `auto (MAX ${AUTO_MAX})` : value}`);
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** Resolves when no run is going (for tests and for deactivation). */
  async idle(): Promise<void> {
    while (this.active) await this.active.done;
  }

  cancel(): boolean {
    if (!this.active) return false;
    this.s.channel.info(`Cancel requested for ${this.active.run.fileName}`);
    this.active.controller.abort();
    return true;
  }

  /** Selections of an editor as a block scope. */
  scopeOfSelections(document: vscode.TextDocument, selections: readonly vscode.Selection[]): RunScope {
    const blocks = this.s.parses.get(document).blocks;
    const ranges = selections.map((s) => ({ startLine: s.start.line + 1, endLine: s.end.line + 1 - (s.end.character === 0 && s.end.line > s.start.line ? 1 : 0) }));
    return { kind: 'blocks', blocks: blocksInRanges(blocks, ranges) };
  }

  /** Runs the scope of the document. Returns the run, or undefined when it was refused. */
  async run(document: vscode.TextDocument, scope: RunScope): Promise<RunRecord | undefined> {
    // Checked and claimed synchronously: a second Run while this one is prepared or going
    // starts nothing, however the command calls interleave.
    if (this.busy()) return undefined;
    this.planning = true;
    let active: ActiveRun | undefined;
    let prepared: PreparedRun | undefined;
    try {
      // Feedback at once, however long planning takes: the status bar says the run is prepared.
      this.s.store.preparing(nameOf(document));
      await settle(0);
      prepared = await this.prepare(document, scope);
      if (prepared) active = this.start(prepared);
    } finally {
      this.planning = false;
      if (!active) this.s.store.notPrepared();
    }
    if (!active || !prepared) return undefined;
    await this.observe(active, prepared);
    return active.run;
  }

  /** True (the user told why) while a run goes on or is being prepared. */
  private busy(): boolean {
    if (this.active) {
      void vscode.window.showWarningMessage(`Batch HTTP: ${this.active.run.fileName} is still running. Cancel it (Batch HTTP: Cancel Run) or wait for it to finish.`);
      return true;
    }
    if (this.planning) {
      void vscode.window.showWarningMessage('Batch HTTP: a batch is being prepared; wait for it to start.');
      return true;
    }
    return false;
  }

  dispose(): void {
    this.sessionChanges.dispose();
    this.active?.controller.abort();
  }

  /** Checks that a run may start and plans it; tells the user why not (undefined). */
  private async prepare(document: vscode.TextDocument, scope: RunScope): Promise<PreparedRun | undefined> {
    // Run at Cursor / Run Selected go on when only other blocks have errors; the whole file does not.
    const chosen = scope.kind === 'blocks' ? scope.blocks : undefined;
    if (!(await this.mayPlan(document, chosen))) return undefined;
    const blocks = this.s.parses.get(document).blocks;
    let outcome: Awaited<ReturnType<typeof planEditorDocument>>;
    try {
      outcome = await planEditorDocument(this.s.core, this.s.parses, this.s.session, document, chosen);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.s.channel.error(`Planning ${nameOf(document)} failed: ${message}`);
      void vscode.window.showErrorMessage(`Batch HTTP: the batch could not be prepared: ${message}`);
      return undefined;
    }
    if (!outcome.ok) {
      if (outcome.reason === 'errors') {
        this.s.diagnostics.show(document, outcome.plan.diagnostics);
        this.refuseErrors(document, blockingErrors(outcome.plan.diagnostics, blocks, chosen), chosen === undefined ? blocks : null);
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
    return { document, plan, only: scoped.only, settings, environment, single: isSingleRequestRun(scope, scoped.only) };
  }

  /** False (the user told why) in Restricted Mode and for syntax errors. */
  private async mayPlan(document: vscode.TextDocument, chosen: readonly number[] | undefined): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      void vscode.window
        .showWarningMessage('Batch HTTP: requests are not sent in Restricted Mode. Trust this workspace to run batches.', manage)
        .then((pick) => pick === manage && vscode.commands.executeCommand('workbench.trust.manage'));
      await this.showRestrictedDiagnostics(document);
      return false;
    }
    const parsed = this.s.parses.get(document);
    const syntaxErrors = blockingErrors(parsed.diagnostics, parsed.blocks, chosen);
    if (syntaxErrors.length > 0) {
      this.refuseErrors(document, syntaxErrors, chosen === undefined ? parsed.blocks : null);
      return false;
    }
    return true;
  }

  /** Records the run in the store (the views follow) and makes it the active one. */
  private start(p: PreparedRun): ActiveRun {
    const { plan, only } = p;
    const run = new RunRecord({
      id: `run-${Date.now().toString(36)}-${++this.seq}`,
      file: plan.file,
      source: p.document.uri.toString(),
      startedAt: new Date(),
      requests: plan.requests,
      only,
      secrets: plan.secrets,
      single: p.single,
    });
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const active: ActiveRun = { run, controller: new AbortController(), done, resolveDone, applied: this.s.session.explicit().concurrency };
    this.active = active;
    this.s.store.start(run, plan);
    // Revealing a row switches the sidebar to the Results view: only as `batchHttp.revealResults` says.
    if (shouldRevealResults(p.settings.revealResults, this.revealed)) {
      this.revealed = true;
      void Promise.resolve(this.s.treeView.reveal(run, { select: false, focus: false, expand: true })).catch(() => undefined);
    }
    const s = plan.settings;
    this.s.channel.info(
      `Run ${run.fileName}: ${only ? `${only.length} of ${plan.requests.length}` : plan.requests.length} requests, concurrency ${s.concurrency}, per host ${s.perHost}, ` +
        `timeout ${s.timeoutMs} ms, retries ${s.retries}${s.rate ? `, rate ${s.rate}/s` : ''}, environment ${p.environment ?? '(none)'}`,
    );
    return active;
  }

  /** Runs the batch under a progress notification; every runner event goes to the store. */
  private async observe(active: ActiveRun, p: PreparedRun): Promise<void> {
    const { run, controller } = active;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Batch HTTP: ${run.fileName}`, cancellable: true }, async (progress, token) => {
        const fromToken = abortSignalFrom(token);
        const followed = this.followProgress(run, progress);
        try {
          // The views were told of the run (store.start); VS Code sends their updates from
          // timers of its own, which the batch's first burst of work (queueing every request,
          // opening the connections) would otherwise hold back: let them go out first.
          await settle(VIEWS_FIRST_MS);
          const handle = this.s.core.startBatch(p.plan, {
            signal: AbortSignal.any([fromToken.signal, controller.signal]),
            logger: this.s.logger,
            only: p.only,
            maxBodyBytes: p.settings.maxBodyBytes,
            rejectUnauthorized: p.settings.rejectUnauthorized,
            proxyEnv: proxyEnvironment(),
            secrets: p.plan.secrets,
            onEvent: (event) => this.s.store.record(run, event),
          });
          active.handle = handle;
          // A choice made while the batch was prepared applies now.
          this.applyConcurrency();
          const report = await handle.report;
          run.finish(report);
          followed.finish();
          this.s.channel.info(`Finished ${run.fileName}: ${summaryText(report.summary, report.durationMs)}`);
        } finally {
          followed.dispose();
          fromToken.dispose();
        }
      });
    } catch (err) {
      const message = run.redactor.text(err instanceof Error ? err.message : String(err));
      run.fail(message);
      this.s.channel.error(run.redactor.text(`Run of ${run.fileName} stopped: ${err instanceof Error ? (err.stack ?? message) : message}`));
      void vscode.window.showErrorMessage(`Batch HTTP: the run of ${run.fileName} stopped: ${message}`);
    } finally {
      this.active = null;
      this.s.treeView.description = undefined;
      this.s.store.ended(run);
      active.resolveDone();
    }
  }

  /**
   * The notification's message and the view's description follow the run's finished requests,
   * each at its own rate (model/refreshRates.ts).
   */
  private followProgress(run: RunRecord, progress: vscode.Progress<{ message?: string; increment?: number }>): vscode.Disposable & { finish(): void } {
    let reported = 0;
    const text = (): string => progressText(run.counts.done, run.total, run.counts.failed);
    const notification = new Coalescer<true>(() => {
      const pct = (run.counts.done / Math.max(1, run.total)) * 100;
      progress.report({ message: text(), increment: pct - reported });
      reported = pct;
    }, REFRESH_MS.progress);
    const description = new Coalescer<true>(() => (this.s.treeView.description = `${run.fileName}: ${text()}`), REFRESH_MS.viewDescription);
    progress.report({ message: progressText(0, run.total, 0) });
    const subscription = this.s.store.onDidChange((change) => {
      if (change.kind !== 'event' || change.run !== run || change.event.type !== 'finished') return;
      notification.add(true);
      description.add(true);
    });
    const disposable = new vscode.Disposable(() => {
      subscription.dispose();
      notification.dispose();
      description.dispose();
    });
    return {
      dispose: () => disposable.dispose(),
      // The run's final counts, so that a run shorter than the refresh interval does not close
      // its notification on the count it opened with (`0/5`).
      finish: () => {
        notification.add(true);
        notification.flushNow();
      },
    };
  }

  /**
   * In Restricted Mode nothing is planned for a run, so the warnings only planning finds (a
   * `$processEnv` / `$dotenv` value that is not read) would never show: plan the file the way
   * a run would (without the process environment or .env files) and show its diagnostics.
   */
  private async showRestrictedDiagnostics(document: vscode.TextDocument): Promise<void> {
    try {
      const outcome = await planEditorDocument(this.s.core, this.s.parses, this.s.session, document);
      if ('plan' in outcome) this.s.diagnostics.show(document, outcome.plan.diagnostics);
    } catch (err) {
      this.s.channel.warn(`Checking ${nameOf(document)} in Restricted Mode failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** `blocks` given: the whole file was run, and the message names the blocks to fix. */
  private refuseErrors(document: vscode.TextDocument, errors: readonly Diagnostic[], blocks: readonly RequestBlockInfo[] | null): void {
    const name = nameOf(document);
    const show = 'Show Problems';
    const message = blocks ? wholeFileRefusal(name, errors, blocks) : errorsRefusal(name, errors);
    this.s.channel.warn(message);
    void vscode.window.showErrorMessage(message, show).then((pick) => pick === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
  }
}

function nameOf(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() ?? 'the file';
}

// Running one request as REST Client users expect: the response opens beside the editor
// when it finishes, and the run replaces the previous one-request run of the file (RunStore).
// And when a run brings the Results view into sight (`batchHttp.revealResults`). No `vscode`.
import type { RunScope } from './selection';
import type { RevealResults } from './settings';

/**
 * A run is a single-request run when the user asked for blocks (the Run CodeLens, Run
 * Request at Cursor, a selection) and they plan to exactly one request. A `@repeat` block,
 * two blocks, the whole file and a rerun from the tree are not.
 */
export function isSingleRequestRun(scope: RunScope, only: readonly number[] | undefined): boolean {
  return scope.kind === 'blocks' && only !== undefined && only.length === 1;
}

/** What `responseToShow` reads of a run that ended. */
export interface EndedRun {
  readonly single: boolean;
  readonly only: readonly number[] | undefined;
  /** The run ended with a report (not an internal error). */
  readonly reported: boolean;
  /** The state of a request of the run, undefined when it is not listed. */
  stateOf(index: number): string | undefined;
}

/**
 * The request whose response opens beside the editor when a run ends: the one request of a
 * single-request run, unless `batchHttp.showResponse` is off, the run ended without a
 * report, or the user cancelled it. Null: nothing opens. A failed request opens too (its
 * document says what went wrong).
 */
export function responseToShow(run: EndedRun, showResponse: boolean): number | null {
  if (!run.single || !showResponse || !run.reported || !run.only || run.only.length !== 1) return null;
  const index = run.only[0]!;
  const state = run.stateOf(index);
  return state === undefined || state === 'cancelled' ? null : index;
}

/**
 * Whether a starting run reveals the Results view (which switches the sidebar to it):
 * `first` on the session's first run only, `always` on every run, `never` not at all.
 */
export function shouldRevealResults(setting: RevealResults, revealedBefore: boolean): boolean {
  if (setting === 'always') return true;
  if (setting === 'never') return false;
  return !revealedBefore;
}

/**
 * Where a click on a waterfall bar shows the request's line, without splitting the editor:
 * a column that already shows the file, else another existing group than the report's,
 * else the report's own group (as a tab). Columns are 1-based; `reportColumn` undefined
 * when unknown.
 */
export function revealColumn(fileShownIn: readonly number[], groups: readonly number[], reportColumn: number | undefined): number {
  const shown = fileShownIn.find((c) => c !== reportColumn);
  if (shown !== undefined) return shown;
  const other = groups.find((c) => c !== reportColumn);
  if (other !== undefined) return other;
  return reportColumn ?? fileShownIn[0] ?? groups[0] ?? 1;
}

// "Copy as cURL" in the editor's words: what the message says after copying, and the run a
// copy from the editor takes response values from. No `vscode` import.
import type { RunRequestView } from '../../core/curl-refs';
import type { RunRecord } from './runModel';

/** A run's requests as the cURL lookup reads them (plan and result). */
export function runRequestViews(run: RunRecord): RunRequestView[] {
  return run.entriesInOrder().flatMap((e) => {
    const planned = run.requests[e.index];
    return planned ? [{ planned, result: e.result }] : [];
  });
}

/** The newest run of `file` that has ended (the one a copy from the editor takes response values from). */
export function lastRunOf(runs: readonly RunRecord[], file: string): RunRecord | undefined {
  return runs.find((r) => r.file === file && !r.running);
}

/**
 * The message after copying: information when the command is complete, a warning naming
 * the references left in as written (and what to do) otherwise. `label` is already redacted.
 */
export function curlCopiedMessage(label: string, unresolved: readonly string[], origin: 'tree' | 'editor'): { warning: boolean; text: string } {
  if (unresolved.length === 0) return { warning: false, text: `Batch HTTP: copied "${label}" as a cURL command.` };
  const shown = unresolved.slice(0, 3).join(', ') + (unresolved.length > 3 ? ` and ${unresolved.length - 3} more` : '');
  const fix = origin === 'editor' ? 'run the requests they name first (their last run fills them in)' : 'the requests they name got no response in this run';
  return { warning: true, text: `Batch HTTP: copied "${label}" as a cURL command with ${shown} left as written: ${fix}.` };
}

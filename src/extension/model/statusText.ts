// The words of the two status bar items: the selected environment, and the run's progress
// or result said in plain words for screen readers (the visible text uses icons and `37/100`).

export interface StatusText {
  text: string;
  tooltip: string;
  /** What a screen reader says: plain words, no icons or slashes. */
  accessibilityLabel: string;
  /** True when the selection names an environment no file defines. */
  warning: boolean;
}

/**
 * The environment item. `known` is the environments the file's environment files define, or
 * null while they are not read yet.
 */
export function environmentStatus(selected: string | null, known: readonly string[] | null): StatusText {
  const missing = selected !== null && known !== null && !known.includes(selected);
  if (selected === null) {
    const offer = known && known.length > 0 ? ` Defined: ${known.join(', ')}.` : '';
    return {
      text: '$(server-environment) No environment',
      tooltip: `Batch HTTP: no environment selected; only $shared values and file variables apply.${offer} Click to select one.`,
      accessibilityLabel: 'Batch HTTP environment: none selected. Activate to select an environment.',
      warning: false,
    };
  }
  return {
    text: `$(server-environment) ${selected}${missing ? ' (not defined)' : ''}`,
    tooltip: missing
      ? `Batch HTTP: the environment "${selected}" is defined by no environment file of this file; a run will refuse it. Click to select another.`
      : `Batch HTTP: environment "${selected}". Click to select another.`,
    accessibilityLabel: `Batch HTTP environment: ${selected}${missing ? ', which no environment file defines' : ''}. Activate to select another environment.`,
    warning: missing,
  };
}

export interface RunStatusSource {
  fileName: string;
  running: boolean;
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  skipped: number;
  error: string | null;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The run item while a run is prepared (planned), before its first request. */
export function preparingStatus(fileName: string): StatusText {
  return {
    text: '$(loading~spin) Batch HTTP: preparing…',
    tooltip: `Batch HTTP: preparing the run of ${fileName}.`,
    accessibilityLabel: `Batch HTTP is preparing the run of ${fileName}.`,
    warning: false,
  };
}

/** `Batch HTTP is running users.batch.http: 37 of 100 requests done, 2 failed.` and so on. */
export function runAccessibilityLabel(r: RunStatusSource): string {
  if (r.running) return `Batch HTTP is running ${r.fileName}: ${r.done} of ${count(r.total, 'request')} done, ${r.failed} failed. Activate to show the results.`;
  if (r.error !== null) return `Batch HTTP: the run of ${r.fileName} stopped: ${r.error}. Activate to show the results.`;
  const parts = [`${r.succeeded} succeeded`, `${r.failed} failed`];
  if (r.cancelled > 0) parts.push(`${r.cancelled} cancelled`);
  if (r.skipped > 0) parts.push(`${r.skipped} skipped`);
  return `Batch HTTP finished ${r.fileName}: ${parts.join(', ')}. Activate to show the results.`;
}

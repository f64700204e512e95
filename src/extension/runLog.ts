// Writes a run's Info and Debug lines (model/runLog.ts) to the trace log, following the run
// store's change event like the other views.
import type { Logger } from '../core/types';
import type { Subscription } from './model/emitter';
import { levelOf, runLogLine } from './model/runLog';
import type { RunStore } from './model/runStore';

/** Subscribes the trace log to the runner events the store records; dispose the result to stop. */
export function followRunLog(store: Pick<RunStore, 'onDidChange'>, logger: Logger): Subscription {
  return store.onDidChange((change) => {
    if (change.kind !== 'event') return;
    const { run, event } = change;
    const level = levelOf(event);
    if (level === null || !logger.enabled(level)) return;
    const line = runLogLine(event, run.redactor, (i) => run.requests[i]);
    if (line) logger[line.level](line.text);
  });
}

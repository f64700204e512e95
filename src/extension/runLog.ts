// Writes the run's Info and Debug lines (model/runLog.ts) to the trace log, as one more
// observer of the run's events.
import type { Logger } from '../core/types';
import { levelOf, runLogLine } from './model/runLog';
import type { RunObserver } from './reportWiring';

export function runLogObserver(logger: Logger): RunObserver {
  return {
    started: () => undefined,
    event: (run, event) => {
      const level = levelOf(event);
      if (level === null || !logger.enabled(level)) return;
      const line = runLogLine(event, run.redactor, (i) => run.requests[i]);
      if (line) logger[line.level](line.text);
    },
    finished: () => undefined,
  };
}

/** One observer telling each of `observers` in turn. */
export function combineObservers(...observers: RunObserver[]): RunObserver {
  return {
    started: (run, plan) => {
      for (const o of observers) o.started(run, plan);
    },
    event: (run, event) => {
      for (const o of observers) o.event(run, event);
    },
    finished: (run) => {
      for (const o of observers) o.finished(run);
    },
  };
}

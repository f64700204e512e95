// Maps the core's logger levels onto an output channel's level. The numbers are VS Code's
// `LogLevel` enum (Off 0, Trace 1, Debug 2, Info 3, Warning 4, Error 5), stable API values.
import type { LogLevel } from '../../core/types';

const LEVEL_NUMBER: Record<Exclude<LogLevel, 'off'>, number> = { trace: 1, debug: 2, info: 3, warn: 4, error: 5 };

/** True when a channel at `channelLevel` shows messages of `level`. */
export function channelShows(channelLevel: number, level: Exclude<LogLevel, 'off'>): boolean {
  return channelLevel !== 0 && channelLevel <= LEVEL_NUMBER[level];
}

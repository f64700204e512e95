// The core's Logger over the one "Batch HTTP" LogOutputChannel: a level is enabled when the
// channel (whose level the user picks with "Set Log Level...") shows it.
import type * as vscode from 'vscode';
import type { Logger } from '../core/types';
import { channelShows } from './model/logLevel';

export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    enabled: (level) => channelShows(channel.logLevel, level),
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}

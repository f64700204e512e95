// The CLI's Logger: messages at or above the level go to stderr, with secrets redacted.
import { printable } from '../core/printable';
import { Redactor } from '../core/redact';
import type { Logger, LogLevel } from '../core/types';
import type { CliOutput } from './output';

const ORDER: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'off'];

export function parseLogLevel(text: string | undefined): LogLevel | null {
  if (text === undefined || text === '') return null;
  const l = text.toLowerCase() as LogLevel;
  return ORDER.includes(l) ? l : null;
}

export function createCliLogger(out: CliOutput, level: LogLevel, secrets: readonly string[]): Logger {
  const min = ORDER.indexOf(level);
  const redactor = new Redactor(secrets);
  const at = (l: Exclude<LogLevel, 'off'>) => (message: string): void => {
    if (ORDER.indexOf(l) >= min) out.stderr(`batch-http: ${l}: ${printable(redactor.text(message))}\n`);
  };
  return {
    enabled: (l) => ORDER.indexOf(l) >= min,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

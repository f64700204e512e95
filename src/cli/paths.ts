// Shared by the CLI commands: the FILE argument, its workspace root, and `--var` values.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from './usage';

/**
 * The absolute path of FILE and its workspace root: the current directory when FILE lies
 * inside it, else FILE's own directory.
 */
export function resolveCliFile(file: string, cwd: string): { filePath: string; workspaceRoot: string } {
  const filePath = resolve(cwd, file);
  const rel = relative(cwd, filePath);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return { filePath, workspaceRoot: inside ? resolve(cwd) : dirname(filePath) };
}

/** `--var NAME=VALUE` options as a record; a malformed one is a usage error. */
export function parseVarOptions(items: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!name) throw new UsageError(`--var needs NAME=VALUE, not '${item}'`);
    vars[name] = item.slice(eq + 1);
  }
  return vars;
}

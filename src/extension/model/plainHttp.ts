// Which files the commands and CodeLenses serve: every `.batch.http` file, and plain
// `.http` / `.rest` files (what REST Client, httpYac and the JetBrains client read).
// On a plain file the CodeLenses follow `batchHttp.codeLens.plainHttp`:
// - `on`: always; `off`: never;
// - `auto` (default): only when no other HTTP-file extension is installed and enabled,
//   since REST Client and httpYac put their own "Send Request" lenses on those files and
//   two sets of lenses over every request crowd the editor. The known ones are listed in
//   OTHER_HTTP_EXTENSIONS; the editor lists only enabled extensions.
import type { PlainHttpLens } from './settings';

export const BATCH_LANGUAGE_ID = 'batch-http';

/** Extensions that provide their own CodeLenses on `.http` / `.rest` files. */
export const OTHER_HTTP_EXTENSIONS: readonly string[] = ['humao.rest-client', 'anweber.vscode-httpyac'];

const PLAIN = /\.(?:http|rest)$/i;

/** True for a `.batch.http` document, and for any `.http` or `.rest` file. */
export function isRunnableFile(fileName: string, languageId: string): boolean {
  return languageId === BATCH_LANGUAGE_ID || PLAIN.test(fileName);
}

/** True for a plain `.http` / `.rest` file (not in the batch-http language). */
export function isPlainHttpFile(fileName: string, languageId: string): boolean {
  return languageId !== BATCH_LANGUAGE_ID && PLAIN.test(fileName);
}

/**
 * Whether the CodeLenses show on a document. `installed(id)` is true for an installed and
 * enabled extension.
 */
export function showLenses(fileName: string, languageId: string, setting: PlainHttpLens, installed: (id: string) => boolean): boolean {
  if (languageId === BATCH_LANGUAGE_ID) return true;
  if (!PLAIN.test(fileName)) return false;
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return !OTHER_HTTP_EXTENSIONS.some((id) => installed(id));
}

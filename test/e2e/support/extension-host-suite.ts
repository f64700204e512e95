// Runs the extension-host mocha suite (test/vscode, built to out/vscode/suite/index.js) inside
// code-server's Node extension host, with the checkout loaded as the development extension.
//
// How: code-server's `code-server` command rejects --extensionDevelopmentPath and
// --extensionTestsPath, but the web workbench reads both from its `payload` URL parameter
// (the way VS Code opens an "Extension Development Host" window in a browser) and hands them
// to the remote extension host, which then runs the suite's `run()` instead of a normal
// session. When `run()` settles the workbench calls `window.codeAutomationExit(code)`, which
// the test exposes to get the exit code; the suite's console output reaches the page console.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { prepareEditorDirs, startCodeServer } from './code-server';
import type { EditorInstall } from './install';
import { cleanUpOnSignal } from './processes';
import { withTimeout } from './wait';
import { launchChromium } from './workbench';

export interface SuiteOutcome {
  exitCode: number;
  /** The extension host's console output (the mocha report), ANSI colours removed. */
  output: string;
  durationMs: number;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export async function runExtensionHostSuite(options: {
  install: EditorInstall;
  /** Folder of the extension under development (its package.json and dist/). */
  extensionRoot: string;
  /** The suite's entry module (exports `run(): Promise<void>`). */
  suiteIndex: string;
  resultsDir: string;
  timeoutMs: number;
}): Promise<SuiteOutcome> {
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'batch-http-exthost-'));
  const forget = cleanUpOnSignal(root);
  const lines: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const workspace = join(root, 'workspace');
    await mkdir(workspace, { recursive: true });
    const dirs = await prepareEditorDirs(join(root, 'editor'));
    const editor = await startCodeServer(options.install, dirs);
    stops.push(() => editor.stop());
    const browser = await launchChromium(options.install.chromium, join(root, 'chromium-profile'));
    stops.push(() => browser.close());
    const page = browser.page;
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => resolveExit(typeof code === 'number' ? code : 1));
    page.on('console', (message) => {
      void Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '?')))
        .then((values) => formatConsole(values as unknown[], message.text()))
        .catch(() => message.text())
        .then((text) => lines.push(text.replace(ANSI, '')));
    });
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', editor.remoteUri(options.extensionRoot)],
      ['extensionTestsPath', editor.remoteUri(options.suiteIndex)],
    ];
    await page.goto(editor.urlFor(workspace, payload), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let exitCode: number;
    try {
      exitCode = await withTimeout('the extension-host suite to finish (window.codeAutomationExit)', options.timeoutMs, () => exited);
    } catch (err) {
      await page.screenshot({ path: join(options.resultsDir, 'extension-host-suite-timeout.png') }).catch(() => undefined);
      throw err;
    }
    // Console events are delivered asynchronously; let the last ones land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = lines.join('\n');
    await mkdir(options.resultsDir, { recursive: true });
    await writeFile(join(options.resultsDir, 'extension-host-suite.log'), `${output}\n\n--- code-server log ---\n${editor.process.output()}`);
    return { exitCode, output, durationMs: Date.now() - started };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    forget();
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The workbench logs the extension host's console calls as `('%c LEVEL', css, ...args)`:
 * drop that prefix so the call's own format string (mocha's `'%d passing (%s)'`) applies.
 */
export function formatConsole(values: unknown[], fallback: string): string {
  if (values.length === 0) return fallback;
  const rest = typeof values[0] === 'string' && values[0].startsWith('%c') && typeof values[1] === 'string' ? values.slice(2) : values;
  return rest.length > 0 ? format(...rest) : fallback;
}

/** The mocha summary lines ("12 passing (3s)", "1 failing") of a suite's output. */
export function mochaSummary(output: string): { passing: number; failing: number; pending: number } {
  const count = (word: string): number => {
    const match = new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(output);
    return match ? Number(match[1]) : 0;
  };
  return { passing: count('passing'), failing: count('failing'), pending: count('pending') };
}

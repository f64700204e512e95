// One end-to-end session: a local test server, a workspace aimed at it, code-server with the
// packaged extension installed, and Chromium showing the workbench. `close()` stops all of
// them (also after a failure half-way through starting).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVsix, prepareEditorDirs, startCodeServer, type RunningEditor, type TrustMode } from './code-server';
import { refusedPort } from '../../support/ports';
import { writeWorkspace, type WorkspaceFixture } from './fixture';
import type { EditorInstall } from './install';
import { cleanUpOnSignal } from './processes';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';
import { launchChromium, Workbench } from './workbench';

export interface E2eSession {
  server: TestServer;
  fixture: WorkspaceFixture;
  editor: RunningEditor;
  workbench: Workbench;
  /** Folder of the run's temp files (editor profile, logs). */
  root: string;
  /** Text of code-server's log so far (last part). */
  editorLog(maxChars?: number): string;
  close(): Promise<void>;
}

export interface SessionOptions {
  install: EditorInstall;
  vsix: string;
  resultsDir: string;
  /** Workspace Trust for the editor (default 'off': the folder is trusted). */
  trust?: TrustMode;
  /** Options of the local test server (e.g. its keep-alive timeout). */
  server?: TestServerOptions;
  /** Writes more files into the workspace (before the editor opens it). */
  addFiles?: (dir: string, origin: string) => Promise<void>;
}

export async function startSession(options: SessionOptions): Promise<E2eSession> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // Keep stopping the rest.
      }
    }
    cleanups.length = 0;
  };
  try {
    const root = await mkdtemp(join(tmpdir(), 'batch-http-e2e-'));
    const forget = cleanUpOnSignal(root);
    cleanups.push(async () => {
      forget();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    });
    const server = await startTestServer(options.server);
    cleanups.push(() => server.close());
    const fixture = await writeWorkspace(join(root, 'workspace'), server.origin, await refusedPort());
    await options.addFiles?.(fixture.dir, server.origin);
    const dirs = await prepareEditorDirs(join(root, 'editor'), options.trust);
    // Keep the editor's log with the screenshots (copied before the temp folder goes).
    cleanups.push(() => copyFile(dirs.logFile, join(options.resultsDir, 'code-server.log')));
    await installVsix(options.install, dirs, options.vsix);
    const editor = await startCodeServer(options.install, dirs, { trust: options.trust });
    cleanups.push(() => editor.stop());
    const browser = await launchChromium(options.install.chromium, join(root, 'chromium-profile'));
    cleanups.push(() => browser.close());
    const workbench = new Workbench(browser.page, options.resultsDir);
    try {
      await workbench.open(editor.urlFor(fixture.dir));
    } catch (err) {
      const shot = await workbench.screenshot('FAILED-workbench-open').catch(() => 'no screenshot');
      throw new Error(`the workbench did not open (${(err as Error).message}); screenshot: ${shot}\ncode-server log (end):\n${editor.process.output().slice(-3000)}`, { cause: err });
    }
    return {
      server,
      fixture,
      editor,
      workbench,
      root,
      editorLog: (maxChars = 4000) => editor.process.output().slice(-maxChars),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

// Starts a real VS Code (code-server) for one test run: its own user-data and extension
// folders in a temp directory, the packaged extension installed, bound to a random port on
// 127.0.0.1, no auth, no telemetry, no update checks.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EditorInstall } from './install';
import { runToEnd, startProcess, type ManagedProcess } from './processes';
import { waitFor } from './wait';

export interface EditorDirs {
  /** An empty config file, so the user's ~/.config/code-server/config.yaml is neither read nor written. */
  configFile: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
}

/** Settings that keep the workbench quiet and predictable for a test. */
const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
  // code-server would otherwise offer to forward every port the test servers open.
  'remote.autoForwardPorts': false,
};

/**
 * Workspace Trust: 'off' (the default) disables it, so every folder is trusted; 'restricted'
 * enables it without the startup prompt, so the (never trusted) test folder opens in
 * Restricted Mode.
 */
export type TrustMode = 'off' | 'restricted';

const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
};

export async function prepareEditorDirs(root: string, trust: TrustMode = 'off'): Promise<EditorDirs> {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(trust === 'restricted' ? { ...TEST_SETTINGS, ...RESTRICTED_SETTINGS } : TEST_SETTINGS, null, 2));
  const configFile = join(root, 'code-server.yaml');
  await writeFile(configFile, '');
  return { configFile, userDataDir, extensionsDir, logFile: join(root, 'code-server.log') };
}

/**
 * The editor's environment: no password from the user's shell, and the extension gallery
 * pointed at a closed loopback port, so nothing ever looks up a marketplace on the internet.
 */
function editorEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PASSWORD: undefined,
    HASHED_PASSWORD: undefined,
    VSCODE_PROXY_URI: undefined,
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
  };
}

function baseArgs(dirs: EditorDirs): string[] {
  return ['--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--disable-telemetry', '--disable-update-check'];
}

/** Installs a .vsix into the run's extensions folder with code-server's own installer. */
export async function installVsix(install: EditorInstall, dirs: EditorDirs, vsix: string): Promise<void> {
  const out = await runToEnd(install.codeServer, [...baseArgs(dirs), '--install-extension', vsix], {
    timeoutMs: 120_000,
    what: `code-server --install-extension ${vsix}`,
    logFile: dirs.logFile,
    env: editorEnv(),
  });
  if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} printed no success line:\n${out}`);
}

export interface RunningEditor {
  readonly process: ManagedProcess;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The workbench URL that opens `folder`; `payload` entries become workbench launch arguments. */
  urlFor(folder: string, payload?: [string, string][]): string;
  /** A `vscode-remote://` URI of a path on the editor's machine (for payload arguments). */
  remoteUri(path: string): string;
  stop(): Promise<void>;
}

export async function startCodeServer(install: EditorInstall, dirs: EditorDirs, options: { timeoutMs?: number; trust?: TrustMode } = {}): Promise<RunningEditor> {
  const args = [
    ...baseArgs(dirs),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    ...(options.trust === 'restricted' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const proc = startProcess(install.codeServer, args, { env: editorEnv(), logFile: dirs.logFile });
  try {
    const origin = await waitFor(
      'code-server to print its listening address',
      async () => {
        const exited = await Promise.race([proc.exited, Promise.resolve(null)]);
        if (exited !== null) throw new Error(`code-server exited (${exited}) before listening:\n${proc.output()}`);
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output());
        return match?.[1];
      },
      { timeoutMs: options.timeoutMs ?? 60_000, describe: () => proc.output().slice(-2000) },
    );
    return {
      process: proc,
      origin,
      urlFor: (folder, payload) =>
        `${origin}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
      remoteUri: (path) => `vscode-remote://${new URL(origin).host}${path}`,
      stop: () => proc.stop(),
    };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/** Processes of code-server's process group (the server, its extension hosts, watchers, pty host). */
export async function editorProcesses(root: ManagedProcess): Promise<{ pid: number; cmdline: string }[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // After "pid (comm) ": state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== root.pid) continue;
      found.push({ pid: Number(entry), cmdline: (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ') });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** PIDs of the extension hosts code-server started. */
export async function extensionHostPids(root: ManagedProcess): Promise<number[]> {
  return (await editorProcesses(root)).filter((p) => /--type=extensionHost/.test(p.cmdline)).map((p) => p.pid);
}

// The environment files each .batch.http file sees, indexed (model/envIndex.ts) and cached
// per folder until one of them changes on disk.
import { readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { findEnvironmentFiles, type EnvFileSystem } from '../model/envFiles';
import { indexEnvironmentFiles, type EnvironmentIndex } from '../model/envIndex';
import { fileContext } from '../planning';
import type { Session } from '../session';

const nodeFs: EnvFileSystem = {
  list: async (dir) => {
    try {
      return await readdir(dir);
    } catch {
      return [];
    }
  },
  read: async (path) => {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return null;
    }
  },
};

export class EnvironmentIndexes implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<EnvironmentIndex>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an environment file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,*.env}');
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const reset = (): void => {
      this.cache.clear();
      this.changed.fire();
    };
    this.subscriptions = [this.watcher.onDidChange(reset), this.watcher.onDidCreate(reset), this.watcher.onDidDelete(reset)];
  }

  /** The index for a document (never rejects: unreadable files contribute nothing). */
  get(document: vscode.TextDocument): Promise<EnvironmentIndex> {
    const ctx = fileContext(document);
    const key = `${dirname(ctx.filePath)}\n${ctx.workspaceRoot}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = findEnvironmentFiles(ctx.filePath, ctx.workspaceRoot, nodeFs).then(indexEnvironmentFiles, () => indexEnvironmentFiles([]));
      this.cache.set(key, hit);
    }
    return hit;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/**
 * Calls `listener` whenever the environment a file runs with may have changed: another one
 * selected, an environment file changed on disk, or the `batchHttp.environment` setting.
 */
export function onEnvironmentChange(session: Pick<Session, 'onDidChange'>, environments: Pick<EnvironmentIndexes, 'onDidChange'>, listener: () => void): vscode.Disposable[] {
  return [
    session.onDidChange(listener),
    environments.onDidChange(listener),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('batchHttp.environment')) listener();
    }),
  ];
}

// Where the launcher keeps V8's code cache of the command line program, and whether a
// cache file may be trusted. Compiled code from a cache is run as is, so only a file of the
// current user that nobody else can write is read; any doubt means compiling afresh.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface CacheEnv {
  BATCH_HTTP_CODE_CACHE?: string | undefined;
  BATCH_HTTP_CACHE_DIR?: string | undefined;
  XDG_CACHE_HOME?: string | undefined;
  LOCALAPPDATA?: string | undefined;
}

/** The folder of the cache, or null when the cache is turned off (`BATCH_HTTP_CODE_CACHE=0`). */
export function cacheDir(env: CacheEnv, platform: NodeJS.Platform, home: string): string | null {
  const off = env.BATCH_HTTP_CODE_CACHE?.trim().toLowerCase();
  if (off === '0' || off === 'false' || off === 'off') return null;
  if (env.BATCH_HTTP_CACHE_DIR) return env.BATCH_HTTP_CACHE_DIR;
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'batch-http', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'batch-http');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'batch-http');
}

/**
 * The cache file's name for one build of the program on one Node: a new build (size or
 * time) or another Node gets another file. V8 checks the source and its flags again.
 */
export function cacheFileName(program: { size: number; mtimeMs: number }, node: { version: string; arch: string }): string {
  const key = `${node.version}|${node.arch}|${program.size}|${program.mtimeMs}`;
  return `cli-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.cache`;
}

/** True for cache files of the program (any build), the ones a new cache replaces. */
export function isCacheFileName(name: string): boolean {
  return /^cli-[0-9a-f]{16}\.cache$/.test(name);
}

/**
 * May a cache file with this owner and mode be used? Yes when it belongs to the current
 * user and neither group nor others can write it. `uid` is null where there are no user
 * ids (Windows, whose per-user folders are private).
 */
export function trustedCacheFile(stat: { uid: number; mode: number; isFile(): boolean }, uid: number | null): boolean {
  if (!stat.isFile()) return false;
  if (uid === null) return true;
  return stat.uid === uid && (stat.mode & 0o022) === 0;
}

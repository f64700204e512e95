// `batch-http` starts here. It runs the command line program (dist/cli-main.js) compiled
// with V8's code cache from the previous start, which saves 20-30 ms of compiling on every
// start (a run of a few hundred requests takes well under a second). The cache is written
// once per build and Node version, into the user's cache folder (docs: README, "The
// command line"); `BATCH_HTTP_CODE_CACHE=0` turns it off. Any cache problem only means
// compiling as usual.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { cacheDir, cacheFileName, isCacheFileName, trustedCacheFile } from './code-cache';
import { BASE_TIERING_FLAG } from './tiering';

interface Program {
  runCli(): void;
}

// Beside the launcher's real file, also when it was started through a link (npm's bin links
// with --preserve-symlinks-main).
const PROGRAM = join(dirname(realpathSync(__filename)), 'cli-main.js');

function readCache(file: string): Buffer | undefined {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    if (!trustedCacheFile(fstatSync(fd), typeof process.getuid === 'function' ? process.getuid() : null)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function writeCache(dir: string, name: string, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, join(dir, name));
    // Caches of older builds are of no use any more.
    for (const other of readdirSync(dir)) if (other !== name && isCacheFileName(other)) rmSync(join(dir, other), { force: true });
  } catch {
    // A read-only or full disk: the next start compiles again.
  }
}

function load(): Program {
  // V8 rejects a code cache made under other flags. A short run changes the interrupt budget
  // (tiering.ts), so the budget is pinned here and set back before the cache is written.
  setFlagsFromString(BASE_TIERING_FLAG);
  const source = readFileSync(PROGRAM, 'utf8');
  const dir = cacheDir(process.env, process.platform, homedir());
  const name = dir === null ? null : cacheFileName(statSync(PROGRAM), { version: process.version, arch: process.arch });
  const cached = dir !== null && name !== null ? readCache(join(dir, name)) : undefined;
  // The same wrapper Node puts around a CommonJS file; the program needs nothing else.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: PROGRAM, cachedData: cached });
  if (dir !== null && name !== null && (cached === undefined || script.cachedDataRejected)) {
    // At exit the cache also holds the functions this run compiled lazily.
    process.once('exit', () => {
      setFlagsFromString(BASE_TIERING_FLAG);
      writeCache(dir, name, script.createCachedData());
    });
  }
  const module = { exports: {} as Program };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, PROGRAM, dirname(PROGRAM));
  return module.exports;
}

load().runCli();

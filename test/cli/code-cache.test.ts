// The launcher's code cache: where it lives, when a file is trusted, and the real launcher
// (dist/cli.js, built by `npm test`) writing, reusing, replacing and ignoring cache files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, cacheFileName, isCacheFileName, trustedCacheFile } from '../../src/cli/code-cache';
import { withServer } from '../support/server';

const run = promisify(execFile);
const CLI = resolve('dist/cli.js');

test('the cache folder: off switch, override, per platform', () => {
  assert.equal(cacheDir({ BATCH_HTTP_CODE_CACHE: '0' }, 'linux', '/home/u'), null);
  assert.equal(cacheDir({ BATCH_HTTP_CODE_CACHE: 'off', BATCH_HTTP_CACHE_DIR: '/x' }, 'linux', '/home/u'), null);
  assert.equal(cacheDir({ BATCH_HTTP_CACHE_DIR: '/x' }, 'linux', '/home/u'), '/x');
  assert.equal(cacheDir({}, 'linux', '/home/u'), join('/home/u', '.cache', 'batch-http'));
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), join('/xdg', 'batch-http'));
  assert.equal(cacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'batch-http'));
  assert.equal(cacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U'), join('C:\\L', 'batch-http', 'Cache'));
});

test('a cache file name changes with the build and the Node version', () => {
  const a = cacheFileName({ size: 10, mtimeMs: 1 }, { version: 'v20.1.0', arch: 'x64' });
  assert.ok(isCacheFileName(a), a);
  assert.equal(a, cacheFileName({ size: 10, mtimeMs: 1 }, { version: 'v20.1.0', arch: 'x64' }));
  assert.notEqual(a, cacheFileName({ size: 11, mtimeMs: 1 }, { version: 'v20.1.0', arch: 'x64' }));
  assert.notEqual(a, cacheFileName({ size: 10, mtimeMs: 2 }, { version: 'v20.1.0', arch: 'x64' }));
  assert.notEqual(a, cacheFileName({ size: 10, mtimeMs: 1 }, { version: 'v20.2.0', arch: 'x64' }));
  assert.ok(!isCacheFileName(`${a}.123.tmp`));
});

test('only a file of the current user that nobody else can write is trusted', () => {
  const file = (uid: number, mode: number, isFile = true) => ({ uid, mode, isFile: () => isFile });
  assert.ok(trustedCacheFile(file(1000, 0o100600), 1000));
  assert.ok(trustedCacheFile(file(1000, 0o100644), 1000));
  assert.ok(!trustedCacheFile(file(1001, 0o100600), 1000), 'another user');
  assert.ok(!trustedCacheFile(file(1000, 0o100620), 1000), 'group-writable');
  assert.ok(!trustedCacheFile(file(1000, 0o100602), 1000), 'world-writable');
  assert.ok(!trustedCacheFile(file(1000, 0o40700, false), 1000), 'not a file');
  assert.ok(trustedCacheFile(file(0, 0o100666), null), 'no user ids (Windows)');
});

test('the launcher writes the cache once, reuses it, and replaces a bad or untrusted one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-cache-'));
  const cacheHome = join(dir, 'cache');
  const env = { ...process.env, BATCH_HTTP_CACHE_DIR: cacheHome, BATCH_HTTP_CODE_CACHE: '' };
  const version = async (): Promise<void> => {
    const { stdout } = await run(process.execPath, [CLI, '--version'], { env });
    assert.match(stdout, /^\d+\.\d+\.\d+/);
  };
  const cacheFile = async (): Promise<string> => {
    const names = (await readdir(cacheHome)).filter(isCacheFileName);
    assert.equal(names.length, 1, `one cache file: ${names.join(', ')}`);
    return join(cacheHome, names[0]!);
  };
  try {
    await version();
    const file = await cacheFile();
    const first = await stat(file);
    assert.equal(first.mode & 0o777, 0o600);
    assert.equal((await stat(cacheHome)).mode & 0o777, 0o700);
    assert.ok(first.size > 1000, `a real cache (${first.size} bytes)`);

    // A good cache is read, not written again.
    const before = await readFile(file);
    await version();
    assert.deepEqual(await readFile(file), before);

    // Garbage is rejected by V8: the program still runs and the cache is written anew.
    await writeFile(file, Buffer.alloc(4096, 7), { mode: 0o600 });
    await version();
    const rewritten = await readFile(file);
    assert.notDeepEqual(rewritten, Buffer.alloc(4096, 7));
    assert.ok(rewritten.length > 1000);

    // A cache file others can write is not read at all: replaced by one of our own.
    await chmod(file, 0o666);
    await version();
    assert.equal((await stat(await cacheFile())).mode & 0o777, 0o600);

    // Caches of other builds go away when a new one is written.
    await rm(await cacheFile());
    await writeFile(join(cacheHome, 'cli-0123456789abcdef.cache'), 'old', { mode: 0o600 });
    await version();
    assert.notEqual(await cacheFile(), join(cacheHome, 'cli-0123456789abcdef.cache'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a cache written at the end of a short run (which changes a V8 flag meanwhile) is taken by the next start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-cache-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const server = await withServer(t, (_req, res) => res.end('ok'));
  await writeFile(join(dir, 'two.batch.http'), `GET ${server.url}/a\n\n###\nGET ${server.url}/b\n`);
  const cacheHome = join(dir, 'cache');
  const env = { ...process.env, BATCH_HTTP_CACHE_DIR: cacheHome, BATCH_HTTP_CODE_CACHE: '', BATCH_HTTP_LOG: 'debug' };
  const short = async (): Promise<string> => (await run(process.execPath, [CLI, 'run', 'two.batch.http', '-q'], { env, cwd: dir })).stderr;
  assert.match(await short(), /V8 tiering: --interrupt-budget=\d+ for a run of 2 requests/);
  const names = (await readdir(cacheHome)).filter(isCacheFileName);
  assert.equal(names.length, 1);
  const file = join(cacheHome, names[0]!);
  const written = await readFile(file);
  // Rejected (made under other flags), the launcher would write it again at the next exit.
  await short();
  await short();
  assert.deepEqual(await readFile(file), written, 'the cache was taken, not written again');
});

test('BATCH_HTTP_CODE_CACHE=0 writes no cache', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-cache-'));
  try {
    const env = { ...process.env, BATCH_HTTP_CACHE_DIR: join(dir, 'cache'), BATCH_HTTP_CODE_CACHE: '0' };
    const { stdout } = await run(process.execPath, [CLI, '--version'], { env });
    assert.match(stdout, /^\d+\.\d+\.\d+/);
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the launcher finds the program when started through a link', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bh-link-'));
  try {
    const link = join(dir, 'batch-http');
    await symlink(CLI, link);
    const env = { ...process.env, BATCH_HTTP_CODE_CACHE: '0' };
    for (const flags of [[], ['--preserve-symlinks-main']]) {
      const { stdout } = await run(process.execPath, [...flags, link, '--version'], { env });
      assert.match(stdout, /^\d+\.\d+\.\d+/, flags.join(' '));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

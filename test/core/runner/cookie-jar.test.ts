// RunCookies on its own: inactive until the first Set-Cookie, the library loaded then, and
// hops that asked while it loaded see exactly the cookies stored before they asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tough from 'tough-cookie';
import { AttemptCookies, RunCookies, setCookieValues, type CookieLibrary } from '../../../src/core/runner/cookies';
import type { Logger } from '../../../src/core/types';

const silent: Logger = { enabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function deferredLibrary(): { load: () => Promise<CookieLibrary>; loads: number; arrive: () => void } {
  let resolve: ((lib: CookieLibrary) => void) | null = null;
  const out = {
    loads: 0,
    load: () => {
      out.loads++;
      return new Promise<CookieLibrary>((r) => (resolve = r));
    },
    arrive: () => resolve!(tough),
  };
  return out;
}

const url = (path: string): URL => new URL(`http://127.0.0.1:8080${path}`);

test('inactive and unloaded until a Set-Cookie arrives', () => {
  const lib = deferredLibrary();
  const jar = new RunCookies(() => undefined, silent, lib.load);
  assert.equal(jar.active, false);
  assert.equal(lib.loads, 0);
  jar.store(url('/'), 'a=1', new AttemptCookies());
  assert.equal(jar.active, true);
  assert.equal(lib.loads, 1);
  jar.store(url('/'), ['b=2', 'c=3'], new AttemptCookies());
  assert.equal(lib.loads, 1, 'loaded once');
});

test('hops that wait for the library see only the cookies stored before they asked', async () => {
  const lib = deferredLibrary();
  const secrets: string[] = [];
  const jar = new RunCookies((v) => secrets.push(...v), silent, lib.load);
  const seen: Record<string, string | null> = {};
  const hop = (label: string) => {
    const record = new AttemptCookies();
    const waiter = { resume: () => (seen[label] = jar.header(url('/x'), record)) };
    const now = jar.header(url('/x'), record);
    if (now === null) jar.wait(waiter);
    else seen[label] = now;
  };
  const first = new AttemptCookies();
  jar.store(url('/login'), 'one=value-one; Path=/', first);
  hop('after-one');
  jar.store(url('/login'), ['two="quoted-two"; Path=/', 'bad=x; Domain=example.com'], new AttemptCookies());
  hop('after-two');
  assert.deepEqual(seen, {}, 'nothing sent while the library loads');
  assert.deepEqual(secrets, ['value-one', '"quoted-two"', 'quoted-two', 'x'], 'values are secrets at once');
  lib.arrive();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, { 'after-one': 'one=value-one', 'after-two': 'one=value-one; two="quoted-two"' });
  assert.deepEqual(first.received.map((c) => [c.name, c.domain, c.path]), [['one', '127.0.0.1', '/']]);
  const record = new AttemptCookies();
  assert.equal(jar.header(url('/x'), record), 'one=value-one; two="quoted-two"', 'the cookie for another domain was refused');
  assert.deepEqual(record.sent.map((c) => c.name), ['one', 'two']);
  assert.equal(jar.header(new URL('http://127.0.0.2/'), new AttemptCookies()), '', 'no cookie for another host');
});

test('a library that fails to load leaves the run without cookies, and waiting hops go on', async () => {
  const errors: string[] = [];
  const logger: Logger = { ...silent, enabled: () => true, error: (m) => void errors.push(m) };
  const jar = new RunCookies(() => undefined, logger, () => Promise.reject(new Error('gone')));
  jar.store(url('/'), 'a=1', new AttemptCookies());
  let resumed = false;
  assert.equal(jar.header(url('/'), new AttemptCookies()), null);
  jar.wait({ resume: () => (resumed = true) });
  await new Promise((r) => setImmediate(r));
  assert.equal(resumed, true);
  assert.equal(jar.header(url('/'), new AttemptCookies()), '');
  assert.match(errors[0] ?? '', /cookie jar could not be loaded/);
});

test('setCookieValues: the value as a server may echo it', () => {
  assert.deepEqual(setCookieValues('sid=abc123; Path=/; HttpOnly'), ['abc123']);
  assert.deepEqual(setCookieValues('sid="abc 123"'), ['"abc 123"', 'abc 123']);
  assert.deepEqual(setCookieValues('novalue'), []);
  assert.deepEqual(setCookieValues('empty=; Max-Age=0'), []);
});

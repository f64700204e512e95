import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote, toCurl } from '../../src/core/curl';

const base = { method: 'GET', url: 'http://127.0.0.1:8080/users/1', headers: [] as [string, string][], body: null, timeoutMs: 30_000, followRedirects: true };

test('a GET has no -X, follows redirects like the runner and keeps the timeout', () => {
  assert.equal(toCurl(base, { multiline: false }), 'curl http://127.0.0.1:8080/users/1 --location --max-redirs 10 --max-time 30');
});

test('headers and body are kept as sent, secrets included, and quoted for the shell', () => {
  const cmd = toCurl(
    { ...base, method: 'POST', headers: [['Authorization', 'Bearer s3cr3t'], ['X-Empty', ''], ['Content-Type', 'application/json']], body: `{"name": "O'Brien"}`, followRedirects: false },
    { multiline: false },
  );
  assert.equal(
    cmd,
    `curl http://127.0.0.1:8080/users/1 -X POST -H 'Authorization: Bearer s3cr3t' -H 'X-Empty;' -H 'Content-Type: application/json' --data-raw '{"name": "O'\\''Brien"}' --max-time 30`,
  );
});

test('the multiline form puts the URL on the first line and each option on its own line', () => {
  const cmd = toCurl({ ...base, method: 'DELETE', headers: [['Accept', '*/*']] }, { insecure: true });
  assert.deepEqual(cmd.split(' \\\n  '), ['curl http://127.0.0.1:8080/users/1', '-X DELETE', "-H 'Accept: */*'", '--location', '--max-redirs 10', '--max-time 30', '--insecure']);
});

test('HEAD uses --head; binary bodies use $-quoting with hex escapes', () => {
  assert.match(toCurl({ ...base, method: 'HEAD' }, { multiline: false }), /^curl \S+ --head /);
  const cmd = toCurl({ ...base, method: 'PUT', body: new Uint8Array([0x00, 0x41, 0xff, 0x27]) }, { multiline: false });
  assert.match(cmd, / --data-binary \$'\\x00A\\xff\\x27' /);
  const text = toCurl({ ...base, method: 'PUT', body: new TextEncoder().encode('héllo') }, { multiline: false });
  assert.match(text, / --data-raw héllo|--data-raw 'héllo'/);
});

test('shellQuote survives a real shell round trip', () => {
  const words = ["it's", 'a b', '$HOME', '`x`', 'plain-word', '"q"', 'semi;colon', 'line\nbreak'];
  const script = `printf '%s\\0' ${words.map(shellQuote).join(' ')}`;
  const out = execFileSync('/bin/sh', ['-c', script]).toString('utf8').split('\0').slice(0, -1);
  assert.deepEqual(out, words);
});

// The redactor's radix tree (issue 13, item 8): the same answers as a longest-first
// alternation, with few or many prefixes, non-ASCII secrets, bytes and cut tails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretQueryName, Redactor, redactSecretQuery, redactUserinfo, safeDecodeURIComponent, secretQueryValues } from '../../src/core/redact';

function reference(secrets: string[], text: string): string {
  const sorted = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return text;
  return text.replace(new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g'), '***');
}

test('leftmost-longest, as the old alternation: few prefixes and more than 64', () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const word = (n: number): string => Array.from({ length: n }, () => 'abcdefghij-_.$é😀'[Math.floor(rnd() * 16)]).join('');
  for (const count of [3, 40, 200]) {
    const secrets = Array.from({ length: count }, () => word(3 + Math.floor(rnd() * 8)));
    secrets.push('abc', 'abcdef', 'cde');
    const r = new Redactor(secrets);
    for (let k = 0; k < 200; k++) {
      const text = Array.from({ length: 12 }, () => (rnd() < 0.3 ? secrets[Math.floor(rnd() * secrets.length)] : word(5))).join(rnd() < 0.5 ? ' ' : '');
      assert.equal(r.text(text), reference(secrets, text), `${count} secrets: ${text}`);
    }
  }
});

test('bytes of a non-ASCII secret are redacted in a binary body, a cut secret at the end too', () => {
  const r = new Redactor(['clé-secrète']);
  const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
  assert.equal(r.binary(`\u00ff${latin1('x clé-secrète y')}`, false), `\u00ff${latin1('x *** y')}`);
  assert.equal(r.binary(latin1('x clé-se'), true), latin1('x ***'));
  assert.equal(r.bodyText('{"k":"clé-sec', true), '{"k":"***');
  assert.equal(r.bodyText('{"k":"cl', true), '{"k":"cl', 'fewer than 3 characters stay');
  assert.equal(r.bodyText('{"k":"clé-sec', false), '{"k":"clé-sec', 'a whole body is not cut');
});

test('userinfo, query names and escapes', () => {
  assert.equal(redactUserinfo('see http://a:p@ss@h.example/x and "http://h.example","e":"a@b"'), 'see http://***@h.example/x and "http://h.example","e":"a@b"');
  for (const n of ['token', 'access_token', 'api_key', 'apikey', 'client_secret', 'X-Amz-Signature', 'sig', 'auth', 'password', 'Credential']) assert.equal(isSecretQueryName(n), true, n);
  for (const n of ['author', 'page', 'q', 'signal', 'design']) assert.equal(isSecretQueryName(n), false, n);
  assert.equal(redactSecretQuery('GET /a?page=2&api_key=k1&author=x#f'), 'GET /a?page=2&api_key=***&author=x#f');
  assert.equal(safeDecodeURIComponent('pa%ZZss%20ok%E2%82'), 'pa%ZZss ok%E2%82');
  assert.equal(safeDecodeURIComponent('100%off'), '100%off');
});

test('the cheap pre-check never lets a secret query value through', () => {
  // Every name isSecretQueryName accepts, in any case and escaped, is still redacted.
  const names = ['token', 'ACCESS_TOKEN', 'Api-Key', 'apikey', 'client_secret', 'X-Amz-Signature', 'SIG', 'Auth', 'PassWd', 'password', 'Credential', 'my.sig', 'x-auth'];
  for (const n of names) {
    assert.equal(isSecretQueryName(n), true, n);
    assert.equal(redactSecretQuery(`/a?page=2&${n}=v1`), `/a?page=2&${n}=***`, n);
  }
  assert.equal(redactSecretQuery('/a?%74oken=v1&page=2'), '/a?%74oken=***&page=2');
  assert.equal(redactSecretQuery('/a?%41uth=v1'), '/a?%41uth=***');
  // Text with no hint of a secret name comes back as the same string.
  const plain = '/items?id=1&page=2&sort=asc';
  assert.equal(redactSecretQuery(plain), plain);
  assert.deepEqual(secretQueryValues(`http://h${plain}`), []);
  assert.deepEqual(secretQueryValues('http://h/a?%74oken=v%201'), ['v%201', 'v 1', 'v 1']);
});

// literalScheme reads a target's scheme by hand (it runs for every request line and URL):
// it must agree with the grammar `letter *( letter / digit / "+" / "-" / "." ) "://"`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { literalScheme } from '../../../src/core/parser/request-line';
import { seeded } from './helpers';

const GRAMMAR = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

function expected(target: string): string | null {
  const m = GRAMMAR.exec(target);
  return m ? m[1]!.toLowerCase() : null;
}

test('literalScheme on written targets', () => {
  assert.equal(literalScheme('http://127.0.0.1/x'), 'http');
  assert.equal(literalScheme('HTTPS://h'), 'https');
  assert.equal(literalScheme('ws://h'), 'ws');
  assert.equal(literalScheme('svn+ssh://h'), 'svn+ssh');
  assert.equal(literalScheme('{{host}}/x'), null);
  assert.equal(literalScheme('/x'), null);
  assert.equal(literalScheme('http:/x'), null);
  assert.equal(literalScheme('http:'), null);
  assert.equal(literalScheme('1http://x'), null);
  assert.equal(literalScheme(''), null);
  assert.equal(literalScheme('h'), null);
});

test('literalScheme agrees with the grammar on random strings', () => {
  const rnd = seeded(99);
  const chars = 'aZ09+-.:/ {}\u00e9_';
  let schemes = 0;
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    const len = Math.floor(rnd() * 12);
    for (let k = 0; k < len; k++) s += chars[Math.floor(rnd() * chars.length)];
    if (rnd() < 0.3) s = `${s.replace(/[^a-z]/gi, '') || 'x'}://${s}`;
    const want = expected(s);
    assert.equal(literalScheme(s), want, JSON.stringify(s));
    if (want !== null) schemes++;
  }
  assert.ok(schemes > 1000, String(schemes));
});

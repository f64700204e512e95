// A run that keeps cookies learns a secret per cookie value: thousands of them. The
// redactor then looks them up by prefix instead of one huge alternation, with the same
// result (leftmost match, the longest secret there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';
import { createRng } from '../support/prng';

test('many secrets redact exactly as a few do: leftmost, then longest', () => {
  const rng = createRng(14);
  const alphabet = 'abcdef0123';
  const word = (n: number): string => Array.from({ length: n }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('');
  const secrets = Array.from({ length: 2000 }, () => word(rng.int(3, 9)));
  const few = secrets.slice(0, 200);
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: rng.int(0, 12) }, () => (rng.chance(0.5) ? rng.pick(secrets) : word(rng.int(1, 6)))).join(rng.pick(['', ' ', '=', ';']));
    const small = new Redactor(few);
    const large = new Redactor([...few, ...Array.from({ length: 1000 }, () => `zz${word(8)}`)]);
    assert.equal(large.text(text), small.text(text), `few secrets vs a large set with the same matches: ${text}`);
    const all = new Redactor(secrets);
    const expected = text.replace(new RegExp([...new Set(secrets)].sort((a, b) => b.length - a.length).join('|'), 'g'), '***');
    assert.equal(all.text(text), expected, text);
  }
});

test('secrets added after the first redaction are redacted from then on', () => {
  const r = new Redactor(Array.from({ length: 300 }, (_, i) => `secret-${i}-value`));
  assert.equal(r.text('a secret-7-value and cookie-late'), 'a *** and cookie-late');
  assert.equal(r.add(['cookie-late']), true);
  assert.equal(r.add(['cookie-late']), false);
  assert.equal(r.text('a secret-7-value and cookie-late'), 'a *** and ***');
  assert.equal(r.text('http://user:pw@h/secret-299-value'), 'http://***@h/***');
});

// The fuzz machinery itself: reproducible from a seed, varied, and a position checker
// that catches what it should.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../support/prng';
import { fuzzInput } from '../support/fuzz/inputs';
import { positionProblems } from '../support/fuzz/positions';

test('the same seed gives the same inputs; another seed gives others', () => {
  const a = Array.from({ length: 200 }, (_, i) => fuzzInput(42, i).text);
  const b = Array.from({ length: 200 }, (_, i) => fuzzInput(42, i).text);
  const c = Array.from({ length: 200 }, (_, i) => fuzzInput(43, i).text);
  assert.deepEqual(a, b);
  assert.ok(a.filter((t, i) => t !== c[i]).length > 150);
  assert.equal(fuzzInput(42, 137).text, a[137], 'an input is reproduced from (seed, index) alone');
});

test('inputs are varied: every kind appears and they hit the interesting corners', () => {
  const inputs = Array.from({ length: 2000 }, (_, i) => fuzzInput(7, i));
  const kinds = new Set(inputs.map((x) => x.kind));
  assert.deepEqual([...kinds].sort(), ['generated', 'mutated', 'noise', 'spliced']);
  const all = inputs.map((x) => x.text);
  assert.ok(new Set(all).size > 1900, 'inputs are distinct');
  for (const needle of ['###', '{{', '# @', '> {%', '\r\n', '\u0000', '< ./', '{{$randomInt', '.response.body.']) {
    assert.ok(all.some((t) => t.includes(needle)), `some input contains ${JSON.stringify(needle)}`);
  }
  assert.ok(all.some((t) => t.length === 0), 'the empty document is among them');
});

test('the seeded generator is uniform enough and stays in range', () => {
  const rng = createRng(1);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[rng.int(0, 3)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, String(counts));
});

test('position checker accepts in-range positions and reports the rest', () => {
  const text = 'GET http://a/\nAccept: x\n';
  assert.deepEqual(positionProblems(text, { diagnostics: [{ severity: 'error', line: 2, column: 1, endColumn: 10 }] }), []);
  assert.deepEqual(positionProblems(text, { blocks: [{ line: 1, column: 1, startLine: 1, endLine: 3 }] }), []);
  const bad = positionProblems(text, {
    diagnostics: [
      { severity: 'warning', line: 0, column: 1 },
      { severity: 'warning', line: 2, column: 11 },
      { severity: 'warning', line: 4, column: 1 },
      { severity: 'warning', line: 1, column: 1.5 },
    ],
    blocks: [{ startLine: 3, endLine: 2 }],
  });
  assert.equal(bad.length, 5, bad.join('\n'));
  assert.deepEqual(positionProblems(text, { diagnostics: [{ severity: 'error', file: 'data.csv', line: 99, column: 99 }] }), []);
});

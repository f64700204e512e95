// A short, bounded slice of the parser fuzz run inside `npm test` (the long run is
// `npm run fuzz`): the same generator and checks, a fixed seed, a few thousand inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzInput } from '../support/fuzz/inputs';
import { checkInput } from '../support/fuzz/check';

const SEED = 20261122;
const COUNT = 2000;

test(`parser fuzz slice: ${COUNT} inputs of seed ${SEED} never throw and keep positions in range`, { timeout: 60_000 }, async () => {
  const failing: string[] = [];
  for (let i = 0; i < COUNT && failing.length < 5; i++) {
    const problems = await checkInput(fuzzInput(SEED, i).text);
    if (problems.length) failing.push(`npm run fuzz -- --seed ${SEED} --only ${i}: ${problems[0]}`);
  }
  assert.deepEqual(failing, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('npm run demo: starts its API, runs the demo batch, prints the summary and exits 0', () => {
  const r = spawnSync(process.execPath, ['scripts/demo.mjs', '-q'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /requests\s+40: 40 succeeded, 0 failed, 0 cancelled, 0 skipped/);
  assert.match(r.stdout, /retries\s+2/, 'the 503 and the 429 were retried');
  assert.match(r.stdout, /statuses\s+200 x34, 201 x5, 404 x1/);
  assert.match(r.stdout, /RESULT: all requests succeeded/);
  // Then examples/assertions.batch.http: every check of the demo API holds.
  assert.match(r.stdout, /requests\s+5: 5 succeeded, 0 failed, 0 cancelled, 0 skipped/);
  assert.match(r.stdout, /assertions\s+23: 23 passed, 0 failed\n/);
  // Then examples/jobs.batch.http: a polled job, a hedged request and the first 3 of 10.
  assert.match(r.stdout, /not needed/);
  assert.equal(r.stdout.match(/RESULT: all requests succeeded/g)?.length, 3);
});

// exportBatch checks its engine and load options before it reads anything: each numeric
// option a positive integer (NaN, negative, fractional, Infinity refused), users at most
// MAX_USERS, not users with arrivalRate; the TypeError names the option and the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportBatch, MAX_USERS, parseDurationText, parseUsersText, type ExportOptions } from '../../../src/core/export';
import type { FileReader } from '../../../src/core/types';
import { DEMO, exported, workspace } from './fixture';

function options(over: Partial<ExportOptions>, reads: string[]): ExportOptions {
  const files: FileReader = {
    readFile: async (path) => {
      reads.push(path);
      throw new Error('not read in this test');
    },
    exists: async (path) => {
      reads.push(path);
      return false;
    },
  };
  return { engine: 'k6', filePath: '/tmp/x/demo.batch.http', workspaceRoot: '/tmp/x', outFile: '/tmp/x/demo.k6.js', files, ...over } as ExportOptions;
}

test('each numeric load option: NaN, negative, zero, fractional and Infinity are TypeErrors naming the option and the value', async () => {
  const what = { users: 'the number of virtual users', arrivalRate: 'new virtual users per second', durationS: 'seconds', concurrency: 'the cap on virtual users' } as const;
  for (const name of ['users', 'arrivalRate', 'durationS', 'concurrency'] as const) {
    const range = name === 'users' || name === 'arrivalRate' ? `an integer from 1 to ${MAX_USERS}` : 'a positive integer';
    for (const [bad, shown] of [[NaN, 'NaN'], [-5, '-5'], [0, '0'], [2.5, '2.5'], [Infinity, 'Infinity'], ['10', '"10"']] as const) {
      const reads: string[] = [];
      await assert.rejects(exportBatch(DEMO, options({ [name]: bad }, reads)), (err: unknown) => {
        assert.ok(err instanceof TypeError, String(err));
        assert.equal(err.message, `exportBatch: ${name} must be ${range} (${what[name]}), got ${shown}`);
        return true;
      });
      assert.deepEqual(reads, [], `${name}=${shown}: nothing read`);
    }
  }
});

test('users above MAX_USERS, users with arrivalRate and an unknown engine are TypeErrors', async () => {
  const reads: string[] = [];
  await assert.rejects(exportBatch(DEMO, options({ users: MAX_USERS + 1 }, reads)), { name: 'TypeError', message: `exportBatch: users must be an integer from 1 to ${MAX_USERS} (the number of virtual users), got ${MAX_USERS + 1}` });
  await assert.rejects(exportBatch(DEMO, options({ users: 2, arrivalRate: 3 }, reads)), {
    name: 'TypeError',
    message: 'exportBatch: users and arrivalRate do not go together: give fixed users or an arrival rate, not both',
  });
  await assert.rejects(exportBatch(DEMO, options({ engine: 'jmeter' as 'k6' }, reads)), { name: 'TypeError', message: 'exportBatch: engine must be one of artillery, k6, got "jmeter"' });
  assert.deepEqual(reads, []);
});

test('valid users and duration pass and shape the script', async () => {
  const ws = await workspace(DEMO);
  try {
    const out = await exported(ws, DEMO, 'k6', { users: 1, durationS: 1 });
    assert.match(out.files[0]!.content, /"executor": "constant-vus",\s*"vus": 1,\s*"duration": "1s"/);
  } finally {
    await ws.cleanup();
  }
});

test('the typed forms: users and durations as the CLI and the editor read them', () => {
  assert.deepEqual(['1', ' 42 ', '1000000', '1000001', '0', '-1', '1.5', 'x', ''].map(parseUsersText), [1, 42, 1_000_000, null, null, null, null, null, null]);
  assert.deepEqual(['30', '30s', '5m', '1h', '1.5m', '0.2s', '0', '-5s', '5d', '', `${'9'.repeat(400)}h`].map(parseDurationText), [30, 30, 300, 3600, 90, 1, null, null, null, null, null]);
});

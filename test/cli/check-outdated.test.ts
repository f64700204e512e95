// The CI check of shipped dependencies (scripts/check-outdated.mjs): what counts as behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error -- a plain .mjs script without types
import { behind } from '../../scripts/check-outdated.mjs';

test('a shipped dependency below the newest version its range allows is behind; dev ones and current ones are not', () => {
  const report = {
    undici: { current: '7.30.1', wanted: '7.30.2', latest: '8.0.0' },
    dayjs: { current: '1.11.23', wanted: '1.11.23', latest: '2.0.0' },
    eslint: { current: '10.0.0', wanted: '10.1.0', latest: '10.1.0' },
    'csv-parse': [{ current: '7.0.2', wanted: '7.0.3', latest: '7.0.3' }],
    dotenv: { wanted: '18.0.10', latest: '18.0.10' },
  };
  const late = behind(report, new Set(['undici', 'dayjs', 'csv-parse', 'dotenv'])) as { name: string }[];
  assert.deepEqual(late.map((d) => d.name).sort(), ['csv-parse', 'dotenv', 'undici']);
});

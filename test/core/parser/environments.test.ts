// Environments, precedence, .env, secrets (section 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listEnvironments, UnknownEnvironmentError } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';
import { FIXTURES, errors, fixtureText, planText } from './helpers';

const FILE = 'env/sub/deeper/precedence.batch.http';

function query(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

test('precedence: run values, private env, public env, private $shared, public $shared, file variables', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { environment: 'dev', vars: { run: 'cli' } });
  const r = plan.requests[0]!;
  assert.equal(r.url.split('?')[0], 'http://127.0.0.1:7000/x');
  assert.deepEqual(query(r.url), { p1: 'private-dev', p2: 'public-dev', p3: 'private-shared', p4: 'public-shared', p5: 'file', run: 'cli', num: '42' });
  assert.deepEqual(r.headers, [['Authorization', 'Bearer s3cr3t-token']]);
  assert.ok(plan.secrets.includes('s3cr3t-token'), 'private values are secrets');
  assert.ok(plan.secrets.includes('private-shared'));
  assert.ok(!plan.secrets.includes('public-dev'), 'public values are not secrets');
  assert.deepEqual(errors(plan.diagnostics), []);
});

test('$shared applies without a selected environment', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { environment: null });
  const r = plan.requests[0]!;
  assert.deepEqual(r.unresolved, ['host', 'num', 'secret']);
  assert.equal(query(r.url.replace('{{host}}', 'http://h')).p1, 'private-shared');
});

test('an environment defined only in the private file can be selected', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { environment: 'staging' });
  assert.equal(query(plan.requests[0]!.url.replace('{{host}}', 'http://h')).p1, 'private-staging');
});

test('an unknown environment throws UnknownEnvironmentError listing the known ones', async () => {
  await assert.rejects(planText(fixtureText(FILE), FILE, { environment: 'nope' }), (err: unknown) => {
    assert.ok(err instanceof UnknownEnvironmentError);
    assert.deepEqual(err.available, ['dev', 'prod', 'staging']);
    assert.match(err.message, /unknown environment 'nope'/);
    return true;
  });
});

test('environment files above the workspace root are not used', async () => {
  const plan = await planText(fixtureText(FILE), FILE, { environment: null, workspaceRoot: join(FIXTURES, 'env/sub') });
  assert.equal(query(plan.requests[0]!.url.replace('{{host}}', 'http://h')).p4, 'file', 'the public file lies above the root');
  await assert.rejects(planText(fixtureText(FILE), FILE, { environment: 'prod', workspaceRoot: join(FIXTURES, 'env/sub') }), UnknownEnvironmentError);
});

test('listEnvironments gives the names of both files, sorted, without $shared', async () => {
  const files = createNodeFileReader();
  assert.deepEqual(await listEnvironments(join(FIXTURES, FILE), FIXTURES, files), ['dev', 'prod', 'staging']);
  assert.deepEqual(await listEnvironments(join(FIXTURES, 'separators.batch.http'), FIXTURES, files), []);
});

test('a broken environment file is an error diagnostic about that file', async () => {
  const files = {
    async readFile(p: string): Promise<Uint8Array> {
      if (p.endsWith('http-client.env.json')) return new TextEncoder().encode('{ "dev": { "a": 1 }, }');
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    },
    async exists(p: string): Promise<boolean> {
      return p === join(FIXTURES, 'http-client.env.json');
    },
  };
  const plan = await planText('GET http://127.0.0.1/\n', 'x.batch.http', { files });
  const e = errors(plan.diagnostics);
  assert.equal(e.length, 1);
  assert.equal(e[0]!.file, join(FIXTURES, 'http-client.env.json'));
  assert.match(e[0]!.message, /not valid JSON/);
});

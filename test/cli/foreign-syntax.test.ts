// Format section 13 through the CLI: a kulala/httpYac-style folder with `.env` environments,
// run with --env against a local server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { sendJson, startServer } from '../support/server';

test('--env NAME selects an environment that exists only as env/NAME.env; requests without ### and skipped lines run', async (t) => {
  const server = await startServer((req, res) => sendJson(res, 200, { echoed: req.headers.authorization ?? null }));
  t.after(() => server.close());
  const dir = await mkdtemp(join(tmpdir(), 'bh-foreign-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'env'));
  await writeFile(join(dir, 'env', 'local.env'), `baseUrl=${server.url}\napiToken=tok-from-dotenv-123\n`);
  await writeFile(
    join(dir, 'api.http'),
    ['run ./other.http', '', 'GET /one', 'Authorization: Bearer {{apiToken}}', '', 'POST /two', 'Content-Type: application/x-www-form-urlencoded', '', 'a=1', '&b=2', '', 'HTTP/1.1 200 OK', 'Content-Type: text/plain', '', 'kept response', ''].join('\n'),
  );
  const r = await runCli(['run', 'api.http', '--env', 'local', '--reporter', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    server.seen.map((s) => [s.method, s.url, s.body]),
    [
      ['GET', '/one', ''],
      ['POST', '/two', 'a=1&b=2'],
    ],
  );
  assert.equal(server.seen[0]!.headers.authorization, 'Bearer tok-from-dotenv-123');
  assert.match(r.stdout, /echoed/, "the report holds the echoed body");
  assert.doesNotMatch(r.stdout, /tok-from-dotenv-123/, '.env values are secrets: redacted in the report, also where a body echoes them');
  const unknown = await runCli(['run', 'api.http', '--env', 'nope'], dir);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown environment 'nope'/);
});

// Hardening (issue 13, items 1, 2, 3, 9, 11): values from a server or a file can neither
// crash a run nor leak a secret. Real local servers, the real parser, runner and reporters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/core/parser';
import { toJsonReport, toJunit, toPretty } from '../../src/core/report';
import { runBatch } from '../../src/core/runner';
import { createNodeFileReader } from '../../src/core/system';
import type { BatchPlan, Logger, RunReport } from '../../src/core/types';
import { sendJson, startServer } from '../support/server';

function plan(text: string, processEnv: Record<string, string> | null = null): Promise<BatchPlan> {
  return buildPlan(text, { filePath: '/tmp/hardening.batch.http', workspaceRoot: '/tmp', files: createNodeFileReader(), processEnv });
}

function captureLogger(lines: string[]): Logger {
  const push = (m: string): void => void lines.push(m);
  return { enabled: () => true, trace: push, debug: push, info: push, warn: push, error: push };
}

/** Every text a run shows: trace lines and the JSON, JUnit and pretty reports. */
function shown(report: RunReport, p: BatchPlan, lines: string[]): [string, string][] {
  return [
    ['trace', lines.join('\n')],
    ['json', toJsonReport(report, p.secrets)],
    ['junit', toJunit(report, p.secrets)],
    ['pretty', toPretty(report, { secrets: p.secrets })],
  ];
}

function assertHidden(outputs: [string, string][], secret: string): void {
  for (const [where, text] of outputs) assert.ok(!text.includes(secret), `${where} shows '${secret}': ${text.slice(0, 400)}`);
}

test('item 1: a malformed percent-escape in a response value used as a URL password does not crash the run', { timeout: 30_000 }, async () => {
  const server = await startServer((req, res) => {
    if (req.url === '/login') sendJson(res, 200, { token: 'pa%ZZss' });
    else sendJson(res, 200, { auth: req.headers.authorization ?? null });
  });
  try {
    const host = server.url.slice('http://'.length);
    const p = await plan(['# @name login', `POST ${server.url}/login`, '', '###', `GET http://user:{{login.response.body.$.token}}@${host}/use`, ''].join('\n'));
    const report = await runBatch(p);
    assert.equal(report.summary.succeeded, 2, JSON.stringify(report.results.map((r) => r.error)));
    const use = server.seen.find((s) => s.url === '/use');
    assert.equal(use?.headers.authorization, `Basic ${Buffer.from('user:pa%ZZss').toString('base64')}`, 'the escape is sent as written');
  } finally {
    await server.close();
  }
});

test('item 1: a literal password 100%off in URL userinfo plans and runs', { timeout: 30_000 }, async () => {
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  try {
    const host = server.url.slice('http://'.length);
    const p = await plan(`GET http://bob:100%off@${host}/x\n`);
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    const lines: string[] = [];
    const report = await runBatch(p, { logger: captureLogger(lines) });
    assert.equal(report.summary.succeeded, 1);
    assert.equal(server.seen[0]?.headers.authorization, `Basic ${Buffer.from('bob:100%off').toString('base64')}`);
    assertHidden(shown(report, p, lines), '100%off');
  } finally {
    await server.close();
  }
});

test('item 2: a password holding @ is hidden in every reporter and the trace', { timeout: 30_000 }, async () => {
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  try {
    const host = server.url.slice('http://'.length);
    const p = await plan(`GET http://alice:p@ssw0rd@${host}/x\n`);
    const lines: string[] = [];
    const report = await runBatch(p, { logger: captureLogger(lines) });
    assert.equal(report.summary.succeeded, 1);
    assert.equal(server.seen[0]?.headers.authorization, `Basic ${Buffer.from('alice:p@ssw0rd').toString('base64')}`);
    const outputs = shown(report, p, lines);
    assertHidden(outputs, 'ssw0rd');
    assert.ok(outputs[1]![1].includes(`http://***@${host}/x`), 'the URL is still shown, its userinfo hidden');
  } finally {
    await server.close();
  }
});

test('item 3: an echoed secret in a body that is not UTF-8 is hidden in bodyBase64', { timeout: 30_000 }, async () => {
  const token = 'tok-8f3a9c2e7b1d5a';
  const server = await startServer((req, res) => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(`auth=${req.headers.authorization}`)]);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  try {
    const p = await plan(`GET ${server.url}/echo\nAuthorization: Bearer ${token}\n`);
    const report = await runBatch(p);
    const json = JSON.parse(toJsonReport(report, p.secrets)) as { results: { bodyBase64?: string }[] };
    const b64 = json.results[0]!.bodyBase64;
    assert.ok(b64, 'the body is binary');
    const bytes = Buffer.from(b64, 'base64').toString('latin1');
    assert.ok(!bytes.includes(token), `decoded bodyBase64 shows the token: ${bytes}`);
    assert.ok(bytes.includes('auth=***'), bytes);
  } finally {
    await server.close();
  }
});

test('item 3: a body cut by the cap inside an echoed secret shows no part of it', { timeout: 30_000 }, async () => {
  const token = 'tok-c0ffee-51d3-99aa-7e21';
  const server = await startServer((req, res) => sendJson(res, 200, { echo: req.headers['x-api-key'] }));
  try {
    const p = await plan(`GET ${server.url}/echo\nX-Api-Key: ${token}\n`);
    // `{"echo":"` is 9 bytes: the cap cuts the token after 12 of its characters.
    const report = await runBatch(p, { maxBodyBytes: 9 + 12 });
    assert.equal(report.results[0]!.truncated, true);
    const json = JSON.parse(toJsonReport(report, p.secrets)) as { results: { body: string }[] };
    const body = json.results[0]!.body;
    assert.ok(!body.includes(token.slice(0, 4)), `the cut token shows: ${body}`);
    assert.equal(body, '{"echo":"***');
  } finally {
    await server.close();
  }
});

test('item 9: every secret header of the list (X-Api-Key too) is dropped on a cross-origin redirect', { timeout: 30_000 }, async () => {
  const other = await startServer((_req, res) => sendJson(res, 200, {}));
  const first = await startServer((_req, res) => {
    res.writeHead(302, { location: `${other.url}/landing` });
    res.end();
  });
  try {
    const p = await plan(`GET ${first.url}/start\nX-Api-Key: key-123456\nX-Auth-Token: tkn-123456\nAccept: text/plain\n`);
    const report = await runBatch(p);
    assert.equal(report.summary.succeeded, 1);
    assert.equal(first.seen[0]?.headers['x-api-key'], 'key-123456', 'the first origin gets it');
    const landed = other.seen[0]!;
    assert.equal(landed.headers['x-api-key'], undefined, 'X-Api-Key crossed origins');
    assert.equal(landed.headers['x-auth-token'], undefined, 'X-Auth-Token crossed origins');
    assert.equal(landed.headers.accept, 'text/plain', 'other headers still follow');
  } finally {
    await first.close();
    await other.close();
  }
});

test('item 9: $processEnv values of secret-looking variables and secret query parameters are hidden', { timeout: 30_000 }, async () => {
  const ciToken = 'ci-token-value-4242';
  const captured = 'captured-sig-0915';
  const server = await startServer((req, res) => {
    if (req.url === '/login') sendJson(res, 200, { sig: captured });
    else sendJson(res, 200, { ok: true });
  });
  try {
    const text = [
      '# @name login',
      `POST ${server.url}/login`,
      '',
      '###',
      `GET ${server.url}/a?access_token={{$processEnv CI_TOKEN}}&page=2`,
      '',
      '###',
      `GET ${server.url}/b?signature={{login.response.body.$.sig}}&author=ann`,
      '',
      '###',
      `GET ${server.url}/c?home={{$processEnv HOME_DIR}}`,
      '',
    ].join('\n');
    const p = await plan(text, { CI_TOKEN: ciToken, HOME_DIR: '/home/ann' });
    assert.ok(p.secrets.includes(ciToken), '$processEnv CI_TOKEN is a secret');
    assert.ok(!p.secrets.includes('/home/ann'), 'HOME_DIR is not');
    const lines: string[] = [];
    const report = await runBatch(p, { logger: captureLogger(lines) });
    assert.equal(report.summary.succeeded, 4);
    assert.ok(server.seen.some((s) => s.url === `/b?signature=${captured}&author=ann`), 'the real value was sent');
    const outputs = shown(report, p, lines);
    assertHidden(outputs, ciToken);
    assertHidden(outputs, captured);
    const json = outputs[1]![1];
    assert.ok(json.includes('page=2') && json.includes('author=ann') && json.includes('home=/home/ann'), 'other parameters stay readable');
  } finally {
    await server.close();
  }
});

test('item 11: titles are redacted in JSON and JUnit; control bytes of titles and URLs never reach the terminal raw', { timeout: 30_000 }, async () => {
  const server = await startServer((_req, res) => sendJson(res, 200, {}));
  try {
    const secret = 'title-secret-7781';
    const text = [`### call with ${secret} \u001b]0;owned\u0007`, `GET ${server.url}/x?q=\u001b[2J`, `X-Api-Key: ${secret}`, ''].join('\n');
    const p = await plan(text);
    const report = await runBatch(p);
    assert.equal(report.results[0]!.title?.includes(secret), true, 'the title holds the secret');
    const outputs = shown(report, p, []);
    assertHidden(outputs, secret);
    const pretty = toPretty(report, { secrets: p.secrets });
    assert.ok(!pretty.includes('\u001b') && !pretty.includes('\u0007'), JSON.stringify(pretty));
  } finally {
    await server.close();
  }
});

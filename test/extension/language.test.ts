// Completion, hovers, go to definition and the environment warning over the real parser and
// environment files given as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/parser/index';
import { completions } from '../../src/extension/model/completion';
import { definitionsAt } from '../../src/extension/model/definition';
import { DIRECTIVES } from '../../src/extension/model/directiveCatalog';
import { environmentDiagnostics } from '../../src/extension/model/envDiagnostics';
import { indexEnvironmentFiles, jsonKeyPositions, type EnvironmentIndex } from '../../src/extension/model/envIndex';
import { hoverAt } from '../../src/extension/model/hover';
import { completionContext } from '../../src/extension/model/langDocument';
import type { VariableScope } from '../../src/extension/model/variables';

const PUBLIC = `{
  "$shared": { "version": "v1" },
  "dev": { "host": "http://localhost:8080", "user": "ann" },
  "prod": { "host": "https://api.example.com" }
}`;
const PRIVATE = `{
  "dev": {
    "token": "s3cr3t-dev-token"
  }
}`;
const DOTENV = 'API_KEY=dotenv-key-123\nexport OTHER="x y"\n';

function index(): EnvironmentIndex {
  return indexEnvironmentFiles([
    { path: '/w/http-client.env.json', text: PUBLIC, kind: 'public' },
    { path: '/w/http-client.private.env.json', text: PRIVATE, kind: 'private' },
    { path: '/w/.env', text: DOTENV, kind: 'dotenv', environment: '$shared' },
  ]);
}

const TEXT = [
  '# @concurrency 4', // 1
  '# @timeout ', // 2
  '@base = {{host}}/{{version}}', // 3
  '@local = plain', // 4
  '', // 5
  '### Log in', // 6
  '# @name login', // 7
  'POST {{base}}/login', // 8
  'Content-Type: application/json', // 9
  'Authorization: Bearer {{token}}', // 10
  '', // 11
  '{"user": "{{user}}"}', // 12
  '', // 13
  '### Me', // 14
  '# @depends-on login', // 15
  'GET {{base}}/me?x={{login.response.body.$.id}}&k={{$dotenv API_KEY}}', // 16
  'Acc', // 17
  'Accept: ', // 18
].join('\n');

const lines = TEXT.split('\n');
const lineAt = (n: number): string => lines[n - 1] ?? '';

function scope(selected: string | null, text = TEXT): VariableScope {
  return { doc: parseDocument(text), index: index(), selected };
}

test('env index: keys with positions, secrets from the private file and .env, names sorted', () => {
  const idx = index();
  assert.deepEqual(idx.names, ['dev', 'prod']);
  const token = idx.definitions.find((d) => d.name === 'token')!;
  assert.equal(token.secret, true);
  assert.deepEqual([token.line, token.column], [3, 5]);
  const host = idx.definitions.find((d) => d.name === 'host' && d.environment === 'prod')!;
  assert.equal(host.secret, false);
  assert.deepEqual([host.line, host.column], [4, 13]);
  const key = idx.definitions.find((d) => d.name === 'API_KEY')!;
  assert.deepEqual([key.kind, key.secret, key.line, key.value], ['dotenv', true, 1, 'dotenv-key-123']);
  assert.equal(idx.definitions.find((d) => d.name === 'OTHER')!.line, 2);
  assert.deepEqual(jsonKeyPositions('{"a":{"b":[{"c":1}],"d":2}}').get('a'), new Map([['b', { line: 1, column: 7 }], ['d', { line: 1, column: 21 }]]));
  assert.deepEqual(indexEnvironmentFiles([{ path: 'x', text: '{ not json', kind: 'public' }]).definitions, []);
});

test('completion context: directive keys and values, variables, methods, header names and values', () => {
  const doc = parseDocument(TEXT);
  assert.deepEqual(completionContext(doc, { line: 1, character: 6 }, lineAt), { kind: 'directive', prefix: 'con', start: 3, inHeader: true });
  assert.equal(completionContext(doc, { line: 7, character: 4 }, lineAt).kind, 'directive');
  assert.equal((completionContext(doc, { line: 7, character: 4 }, lineAt) as { inHeader: boolean }).inHeader, false);
  const value = completionContext(doc, { line: 2, character: 11 }, lineAt);
  assert.deepEqual([value.kind, (value as { key: string }).key], ['directiveValue', 'timeout']);
  const v = completionContext(doc, { line: 16, character: 8 }, lineAt);
  assert.equal(v.kind, 'variable');
  assert.equal((v as { prefix: string; closed: boolean }).prefix, 'ba');
  assert.equal((v as { closed: boolean }).closed, false);
  assert.deepEqual(completionContext(doc, { line: 17, character: 3 }, lineAt), { kind: 'headerName', prefix: 'Acc', start: 0 });
  assert.deepEqual(completionContext(doc, { line: 18, character: 8 }, lineAt), { kind: 'headerValue', header: 'Accept', prefix: '', start: 8 });
  assert.equal(completionContext(doc, { line: 12, character: 3 }, lineAt).kind, 'none', 'the body is no header');
  assert.deepEqual(completionContext(doc, { line: 8, character: 2 }, lineAt), { kind: 'method', prefix: 'PO', start: 0 });
});

test('directive completion: batch directives only in the file header, the new ones of sections 6-13 offered', () => {
  const s = scope(null);
  const header = completions(s, { line: 1, character: 3 }, lineAt).map((c) => c.label);
  for (const k of ['@concurrency', '@until', '@poll-interval', '@poll-timeout', '@first', '@traceparent', '@no-cookie-jar', '@http2', '@circuit-breaker']) assert.ok(header.includes(k), k);
  const inBlock = completions(s, { line: 7, character: 3 }, lineAt).map((c) => c.label);
  assert.ok(inBlock.includes('@until') && inBlock.includes('@timeout') && inBlock.includes('@no-cookie-jar'));
  assert.ok(!inBlock.includes('@concurrency') && !inBlock.includes('@circuit-breaker'), 'batch-only directives are not offered in a block');
  const timeout = completions(s, { line: 2, character: 11 }, lineAt);
  assert.deepEqual(timeout.map((c) => c.label), ['30s', '500ms', '5s', '2m']);
  assert.ok(timeout.every((c) => c.start === 11 && c.end === 11));
});

test('directive value completion: @concurrency auto, @depends-on names the other requests', () => {
  const text = '# @concurrency a\n### A\n# @name a1\nGET http://h/a\n\n### B\n# @name b1\n# @depends-on \nGET http://h/b\n';
  const ls = text.split('\n');
  const at = (n: number): string => ls[n - 1] ?? '';
  const s = scope(null, text);
  const conc = completions(s, { line: 1, character: 16 }, at).map((c) => c.label);
  assert.ok(conc.includes('auto') && conc.includes('auto 64'));
  assert.deepEqual(completions(s, { line: 8, character: 14 }, at).map((c) => c.label), ['a1']);
});

test('variable completion: environments named, file variables above, response paths of named requests, dynamic ones', () => {
  const items = completions(scope(null), { line: 16, character: 6 }, lineAt);
  const byLabel = new Map(items.map((i) => [i.label, i]));
  assert.match(byLabel.get('host')!.detail, /only in environment dev, prod \(not selected\)/);
  assert.match(byLabel.get('version')!.detail, /\$shared/);
  assert.equal(byLabel.get('base')!.kind, 'variable');
  assert.equal(byLabel.get('base')!.insertText, 'base}}', 'closes the braces when they are not there');
  assert.ok(byLabel.has('login.response.body.$.'));
  assert.ok(byLabel.has('login.response.status'));
  for (const d of ['$uuid', '$timestamp', '$randomInt 1 100', '$processEnv NAME', '$dotenv NAME', '$dotenv API_KEY']) assert.ok(byLabel.has(d), d);
  assert.ok(!byLabel.get('token')!.documentation!.includes('s3cr3t'), 'a private value is never shown');
  assert.ok(byLabel.get('token')!.documentation!.includes('***'));
  assert.equal(items.find((i) => i.label === 'host')!.start, 6);
  // In the request named login itself, its own response is not offered.
  const own = completions(scope(null), { line: 8, character: 7 }, lineAt).map((c) => c.label);
  assert.ok(!own.some((l) => l.startsWith('login.')));
});

test('header and method completion', () => {
  const s = scope(null);
  assert.ok(completions(s, { line: 17, character: 3 }, lineAt).some((c) => c.label === 'Accept-Encoding' && c.insertText === 'Accept-Encoding: '));
  assert.ok(completions(s, { line: 18, character: 8 }, lineAt).some((c) => c.label === 'application/json'));
  assert.ok(completions(s, { line: 8, character: 2 }, lineAt).some((c) => c.label === 'POST'));
});

test('hover on a variable: resolved value, where it is defined, secrets masked', () => {
  const dev = scope('dev');
  const base = hoverAt(dev, { line: 8, character: 8 }, lineAt)!;
  assert.match(base.markdown, /\*\*base\*\* = `http:\/\/localhost:8080\/v1`/);
  assert.match(base.markdown, /File variable, line 3/);
  assert.deepEqual([base.start, base.end], [5, 13]);
  const token = hoverAt(dev, { line: 10, character: 25 }, lineAt)!;
  assert.ok(!token.markdown.includes('s3cr3t'));
  assert.match(token.markdown, /\*\*token\*\* = `\*\*\*`/);
  assert.match(token.markdown, /environment `dev` in http-client\.private\.env\.json, line 3/);
  const user = hoverAt(dev, { line: 12, character: 13 }, lineAt)!;
  assert.match(user.markdown, /= `ann`/);
  // Without an environment: not defined, and which environments would define it.
  const none = hoverAt(scope(null), { line: 12, character: 13 }, lineAt)!;
  assert.match(none.markdown, /not defined here/);
  assert.match(none.markdown, /environment `dev`/);
  const dotenv = hoverAt(dev, { line: 16, character: 60 }, lineAt)!;
  assert.ok(!dotenv.markdown.includes('dotenv-key-123'));
  assert.match(dotenv.markdown, /\$dotenv/);
});

test('hover masks a public value in a secret header and values that hold a secret', () => {
  const text = '@t = abc-public\n@u = http://x/{{token}}\nGET http://h/\nX-Api-Key: {{t}}\nX-Other: {{u}}\n';
  const ls = text.split('\n');
  const at = (n: number): string => ls[n - 1] ?? '';
  const s = scope('dev', text);
  const h = hoverAt(s, { line: 4, character: 13 }, at)!;
  assert.ok(!h.markdown.includes('abc-public'));
  assert.match(h.markdown, /secret header/);
  const u = hoverAt(s, { line: 5, character: 12 }, at)!;
  assert.ok(!u.markdown.includes('s3cr3t'));
});

test('hover on a response reference, a dynamic variable and a directive', () => {
  const s = scope(null);
  const ref = hoverAt(s, { line: 16, character: 30 }, lineAt)!;
  assert.match(ref.markdown, /Request \*\*login\*\* \(line 8\)/);
  assert.match(ref.markdown, /JSON path `\$\.id`/);
  const dir = hoverAt(s, { line: 1, character: 5 }, lineAt)!;
  assert.match(dir.markdown, /At most N requests in flight/);
  assert.deepEqual([dir.start, dir.end], [2, 14]);
  const dep = hoverAt(s, { line: 15, character: 16 }, lineAt)!;
  assert.match(dep.markdown, /Request \*\*login\*\*/);
  const uuidLines = ['GET http://h/{{$uuid}}'];
  assert.match(hoverAt(s, { line: 1, character: 16 }, (n) => uuidLines[n - 1] ?? '')!.markdown, /UUID/);
  for (const d of DIRECTIVES) assert.ok(d.summary.length > 20, d.key);
});

test('go to definition: variables to the definition in force first, requests to their @name', () => {
  const dev = scope('dev');
  const host = definitionsAt(dev, { line: 3, character: 11 }, lineAt);
  assert.deepEqual(host[0], { file: '/w/http-client.env.json', line: 3, column: 12 });
  assert.ok(host.some((d) => d.line === 4), 'the other environments follow');
  assert.deepEqual(definitionsAt(dev, { line: 8, character: 8 }, lineAt)[0], { file: null, line: 3, column: 1 });
  assert.deepEqual(definitionsAt(dev, { line: 16, character: 30 }, lineAt), [{ file: null, line: 7, column: 9 }]);
  assert.deepEqual(definitionsAt(dev, { line: 15, character: 16 }, lineAt), [{ file: null, line: 7, column: 9 }]);
  assert.deepEqual(definitionsAt(dev, { line: 16, character: 62 }, lineAt)[0]?.file, '/w/.env');
  assert.deepEqual(definitionsAt(dev, { line: 13, character: 0 }, lineAt), []);
});

test('environment warning: names only environments define, none selected; silent once one is', () => {
  const none = environmentDiagnostics(scope(null));
  assert.deepEqual(
    none.map((d) => [d.line, d.column, d.severity]),
    [
      [3, 9, 'warning'],
      [10, 23, 'warning'],
      [12, 11, 'warning'],
    ],
  );
  assert.match(none[0]!.message, /'host' is defined only in the environments dev and prod, and no environment is selected/);
  assert.match(none[1]!.message, /'token' is defined only in the environment dev/);
  assert.equal(none[0]!.endColumn, 9 + '{{host}}'.length);
  assert.deepEqual(environmentDiagnostics(scope('dev')), []);
  const prod = environmentDiagnostics(scope('prod'));
  assert.deepEqual(prod.map((d) => d.line), [10, 12]);
  assert.match(prod[0]!.message, /not defined in the selected environment prod, only in the environment dev/);
});

test('edges: escaped keys, separators end the file header, references on a line', async () => {
  const { inFileHeader, refAt, directiveOnLine } = await import('../../src/extension/model/langDocument');
  const keys = jsonKeyPositions('{\n  "dev": { "a\\"b": 1, "nested": { "deep": 2 }, "c": [ { "x": 1 } ], "d": 3 }\n}');
  assert.deepEqual([...keys.get('dev')!.keys()], ['a"b', 'nested', 'c', 'd'], 'only depth-2 keys, escapes read');
  const text = ['# @timeout 1s', '', '###', '# @name x', 'GET http://h/'];
  const doc = parseDocument(text.join('\n'));
  const at = (n: number): string => text[n - 1] ?? '';
  assert.equal(inFileHeader(doc, 1, at), true);
  assert.equal(inFileHeader(doc, 3, at), false);
  assert.equal(inFileHeader(doc, 4, at), false);
  assert.deepEqual(refAt('a {{ x }} b {{y}}', 14), { expr: 'y', start: 12, end: 17 });
  assert.deepEqual(refAt('a {{%enc}}', 4), { expr: 'enc', start: 2, end: 10 });
  assert.equal(refAt('a {{x}} b', 8), undefined);
  assert.equal(refAt('a {{x', 4), undefined);
  assert.deepEqual(directiveOnLine('// @Timeout = 5s'), { key: 'timeout', value: '5s', keyStart: 3, keyEnd: 11, valueStart: 14 });
  assert.equal(directiveOnLine('@host = x'), undefined, 'a file variable is no directive');
});

test('file variables: the last definition above the use wins; loops stop expanding', async () => {
  const { resolveVariable } = await import('../../src/extension/model/variables');
  const text = '@a = one\nGET http://h/{{a}}\n\n###\n@a = two\n@b = {{c}}\n@c = {{b}}\nGET http://h/{{a}}/{{b}}\n';
  const s: VariableScope = { doc: parseDocument(text), index: indexEnvironmentFiles([]), selected: null };
  assert.equal(resolveVariable(s, 'a', 2)!.value, 'one');
  assert.equal(resolveVariable(s, 'a', 8)!.value, 'two');
  assert.equal(resolveVariable(s, 'b', 8)!.value, '{{b}}', 'a loop is left as written');
  assert.equal(resolveVariable(s, 'zzz', 8), undefined);
});

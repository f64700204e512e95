// Tokenizes sample lines with the real TextMate engine (vscode-textmate + oniguruma, as in
// VS Code) and checks the scopes the grammar gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import textmate from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const root = process.cwd();

// A small stand-in for VS Code's JSON grammar, enough to see the embedding hand over to it.
const jsonGrammar = {
  scopeName: 'source.json',
  patterns: [{ include: '#value' }],
  repository: {
    value: { patterns: [{ include: '#object' }, { include: '#string' }, { match: '-?\\d+(\\.\\d+)?', name: 'constant.numeric.json' }] },
    object: {
      begin: '\\{', end: '\\}', name: 'meta.structure.dictionary.json',
      patterns: [{ begin: '"', end: '"', name: 'support.type.property-name.json' }, { match: ':', name: 'punctuation.separator.dictionary.key-value.json' }, { include: '#value' }],
    },
    string: { begin: '"', end: '"', name: 'string.quoted.double.json' },
  },
};

async function loadGrammar() {
  const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => {
      if (scope === 'source.batch-http') return textmate.parseRawGrammar(readFileSync(join(root, 'syntaxes/batch-http.tmLanguage.json'), 'utf8'), 'batch-http.tmLanguage.json');
      if (scope === 'source.json') return textmate.parseRawGrammar(JSON.stringify(jsonGrammar), 'json.json');
      return null;
    },
  });
  const grammar = await registry.loadGrammar('source.batch-http');
  assert.ok(grammar);
  return grammar;
}

/** Every token of the text as [line, token text, its scopes]. */
async function tokenize(text: string): Promise<Array<{ line: number; text: string; scopes: string[] }>> {
  const grammar = await loadGrammar();
  let stack = textmate.INITIAL;
  const out: Array<{ line: number; text: string; scopes: string[] }> = [];
  text.split('\n').forEach((lineText, line) => {
    const r = grammar.tokenizeLine(lineText, stack);
    for (const t of r.tokens) out.push({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  });
  return out;
}

function scopesOf(tokens: Awaited<ReturnType<typeof tokenize>>, line: number, text: string): string[] {
  const t = tokens.find((x) => x.line === line && x.text === text);
  assert.ok(t, `token "${text}" on line ${line} (have: ${tokens.filter((x) => x.line === line).map((x) => JSON.stringify(x.text)).join(' ')})`);
  return t.scopes;
}

const SAMPLE = [
  '# @concurrency 16', // 0
  '@host = http://127.0.0.1:8080', // 1
  '', // 2
  '### Create a user', // 3
  '// a comment', // 4
  'POST {{host}}/users HTTP/1.1', // 5
  'Content-Type: application/json', // 6
  'Authorization: Bearer {{$dotenv TOKEN}}', // 7
  '', // 8
  '{"name": "Ada", "id": {{userId}}}', // 9
  '', // 10
  '###', // 11
  'GET http://127.0.0.1:8080/users/1', // 12
  '    ?page=2', // 13
].join('\n');

test('directives, variables, separators and titles get their scopes', async () => {
  const t = await tokenize(SAMPLE);
  assert.ok(scopesOf(t, 0, '@concurrency').includes('keyword.other.directive.batch-http'));
  assert.ok(scopesOf(t, 1, 'host').includes('variable.other.definition.batch-http'));
  assert.ok(scopesOf(t, 3, '###').includes('punctuation.separator.request.batch-http'));
  assert.ok(scopesOf(t, 3, ' Create a user').includes('entity.name.section.title.batch-http'));
  assert.ok(scopesOf(t, 4, ' a comment').some((s) => s.startsWith('comment.line')));
});

test('request lines, URLs, headers and {{variables}} are highlighted', async () => {
  const t = await tokenize(SAMPLE);
  assert.ok(scopesOf(t, 5, 'POST').includes('keyword.control.http-method.batch-http'));
  assert.ok(scopesOf(t, 5, 'host').includes('variable.other.readwrite.batch-http'));
  assert.ok(scopesOf(t, 5, '/users').some((s) => s.startsWith('string.unquoted.uri')));
  assert.ok(scopesOf(t, 5, 'HTTP/1.1').includes('constant.language.http-version.batch-http'));
  assert.ok(scopesOf(t, 6, 'Content-Type').includes('support.type.property-name.header.batch-http'));
  assert.ok(scopesOf(t, 7, '$dotenv').includes('support.function.dynamic-variable.batch-http'));
  assert.ok(scopesOf(t, 12, 'GET').includes('keyword.control.http-method.batch-http'), 'a request after a bare ### separator');
  assert.ok(scopesOf(t, 13, '?').includes('punctuation.separator.query.batch-http'));
});

test('a JSON body is embedded JSON, with variables inside it still highlighted', async () => {
  const t = await tokenize(SAMPLE);
  const name = scopesOf(t, 9, 'Ada');
  assert.ok(name.includes('meta.embedded.block.json'));
  assert.ok(name.some((s) => s.endsWith('.json') && s !== 'meta.embedded.block.json'), `JSON scopes: ${name.join(' ')}`);
  assert.ok(scopesOf(t, 9, 'userId').includes('variable.other.readwrite.batch-http'));
  assert.ok(!scopesOf(t, 11, '###').includes('meta.embedded.block.json'), 'the next separator ends the body');
});

const ASSERTIONS = [
  'GET http://127.0.0.1:8080/jobs/1', // 0
  '?? status == 200', // 1
  '?? header content-type includes json', // 2
  '', // 3
  '{"a": 1}', // 4
  '?? body $.state equals {{want}}', // 5
  '?? body exists', // 6
  '?? duration firstByte < 500', // 7
  '?? js response.ok', // 8
].join('\n');

test('?? assertion lines: marker, field, argument, condition and expected value, also after a JSON body', async () => {
  const t = await tokenize(ASSERTIONS);
  assert.ok(scopesOf(t, 1, '??').includes('keyword.operator.assertion.batch-http'));
  assert.ok(scopesOf(t, 1, 'status').includes('support.type.assertion-field.batch-http'));
  assert.ok(scopesOf(t, 1, '==').includes('keyword.operator.comparison.assertion.batch-http'));
  assert.ok(scopesOf(t, 1, '200').includes('string.unquoted.assertion-expected.batch-http'));
  assert.ok(scopesOf(t, 2, 'content-type').includes('entity.name.tag.assertion-argument.batch-http'));
  assert.ok(scopesOf(t, 2, 'includes').includes('keyword.operator.comparison.assertion.batch-http'));
  assert.ok(!scopesOf(t, 5, '??').includes('meta.embedded.block.json'), 'a ?? line ends the JSON body');
  assert.ok(scopesOf(t, 5, '$.state').includes('entity.name.tag.assertion-argument.batch-http'));
  assert.ok(scopesOf(t, 5, 'equals').includes('keyword.operator.comparison.assertion.batch-http'));
  assert.ok(scopesOf(t, 5, 'want').includes('variable.other.readwrite.batch-http'));
  assert.ok(scopesOf(t, 6, 'exists').includes('keyword.operator.comparison.assertion.batch-http'), 'body without a path');
  assert.ok(scopesOf(t, 7, 'firstByte').includes('entity.name.tag.assertion-argument.batch-http'));
  assert.ok(scopesOf(t, 8, 'js').includes('invalid.deprecated.javascript-assertion.batch-http'));
});

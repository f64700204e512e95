// The parser never throws: random and mutated files (seeded, reproducible) all give a
// result whose positions lie inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan, parseDocument } from '../../../src/core/parser';
import type { Diagnostic, FileReader } from '../../../src/core/types';
import { FIXTURES, seeded } from './helpers';

const FILES = 10_000;
const PLANNED = 600;

const PIECES = [
  '###', '### title', '# @name a', '# @name b', '# @depends-on a', '# @repeat 3', '# @repeat 0', '# @foreach ./users.csv', '# @foreach ./x.json',
  '# @timeout 5s', '# @concurrency 4', '# @rate 10/s', '# @bail', '// @retries 2', '# @expect-status 2xx', '# @unknown', '@host = http://127.0.0.1',
  '@baseUrl = http://127.0.0.1/', '@a = {{b}}', '@b = {{a}}', 'GET http://127.0.0.1/x', 'POST /y HTTP/1.1', 'http://127.0.0.1/', 'GRPC x', 'WS ws://x',
  'get x', 'Accept: */*', 'Content-Type: multipart/form-data; boundary=X', 'Host: 127.0.0.1', ': novalue', 'no colon', '  ?q=1', '  &r=2', '', ' ', '\t',
  '{"a": {{$uuid}}}', '< ./data/raw.txt', '<@ ./data/template.json', '<@latin1 ./data/latin1.txt', '<@bogus ./x', '< ', '<>', '<> ./f', '> {%', '%}',
  '> {% x %}', '>> ./o', '>>! ./o', '?? status == 200', '{{', '}}', '{{@request', 'proto < ./p.proto', '{{$randomInt 9 1}}', '{{$datetime "YYYY" 1 d}}',
  '{{a.response.status}}', '{{a.response.body.$.x}}', '{{x', 'x}}', '{{ }}', '{{$processEnv HOME}}', '{{$dotenv K}}', '\u00e9\u{1f600}', '\uFEFF', '\r', '@',
  '#', '//', '# @', '# @name', '# @depends-on', 'GET {{host}}/{{$index}}', '--X', '--X--',
];
const CHARS = ' \t#/@{}<>?&:=%"\',.-_$[]\\\r\n\u00e9\u{1f600}abcXYZ019';

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function randomFile(rnd: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.75) lines.push(pick(rnd, PIECES));
    else {
      let s = '';
      const len = Math.floor(rnd() * 30);
      for (let k = 0; k < len; k++) s += pick(rnd, [...CHARS]);
      lines.push(s);
    }
  }
  return lines.join(rnd() < 0.2 ? '\r\n' : '\n');
}

function mutate(rnd: () => number, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const r = rnd();
    if (r < 0.3) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 20));
    else if (r < 0.6) out = out.slice(0, at) + pick(rnd, PIECES) + (rnd() < 0.5 ? '\n' : '') + out.slice(at);
    else if (r < 0.8) out = out.slice(0, at) + pick(rnd, [...CHARS]) + out.slice(at);
    else {
      const lines = out.split('\n');
      const a = Math.floor(rnd() * lines.length);
      lines.splice(Math.floor(rnd() * lines.length), 0, lines[a]!);
      out = lines.join('\n');
    }
  }
  return out;
}

function corpus(): string[] {
  const out: string[] = [];
  for (const name of readdirSync(FIXTURES)) if (/\.(batch\.)?http$/.test(name)) out.push(readFileSync(join(FIXTURES, name), 'utf8'));
  return out;
}

/** Checks every position against the text's lines. */
function checkPositions(text: string, diags: readonly Diagnostic[], blocks: readonly { line: number; column: number; startLine: number; endLine: number }[], label: string): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lens = body.split('\n').map((l) => (l.endsWith('\r') ? l.length - 1 : l.length));
  for (const d of diags) {
    if (d.file !== undefined) continue;
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lens.length, `${label}: line ${d.line} of ${lens.length}: ${d.message}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 1 && d.column <= lens[d.line - 1]! + 1, `${label}: column ${d.column} on line ${d.line}: ${d.message}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
  }
  for (const b of blocks) {
    assert.ok(b.startLine >= 1 && b.startLine <= b.line && b.line <= b.endLine && b.endLine <= lens.length, `${label}: block ${JSON.stringify(b)}`);
    assert.ok(b.column >= 1 && b.column <= lens[b.line - 1]!, `${label}: block column`);
  }
}

const memoryFiles: FileReader = {
  async readFile(path: string): Promise<Uint8Array> {
    if (path.endsWith('users.csv')) return new TextEncoder().encode('id,name\n1,"a, b"\n2,c\n');
    if (path.endsWith('raw.txt')) return new TextEncoder().encode('raw {{x}}');
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  },
  async exists(path: string): Promise<boolean> {
    return path.endsWith('users.csv') || path.endsWith('raw.txt');
  },
};

test(`parseDocument never throws on ${FILES} random and mutated files`, () => {
  const rnd = seeded(20261122);
  const base = corpus();
  assert.ok(base.length >= 10);
  let withBlocks = 0;
  let withErrors = 0;
  for (let i = 0; i < FILES; i++) {
    const text = i % 2 === 0 ? randomFile(rnd) : mutate(rnd, pick(rnd, base));
    const doc = parseDocument(text);
    checkPositions(text, doc.diagnostics, doc.blocks, `file ${i}`);
    assert.ok(!doc.diagnostics.some((d) => d.message.startsWith('internal')), `file ${i}: ${JSON.stringify(text)}`);
    if (doc.blocks.length) withBlocks++;
    if (doc.diagnostics.some((d) => d.severity === 'error')) withErrors++;
  }
  // The corpus exercises both sides: files with requests and files with errors.
  assert.ok(withBlocks > FILES / 4, String(withBlocks));
  assert.ok(withErrors > FILES / 10, String(withErrors));
});

test(`buildPlan never throws on ${PLANNED} random and mutated files`, async () => {
  const rnd = seeded(7);
  const base = corpus();
  for (let i = 0; i < PLANNED; i++) {
    const text = i % 2 === 0 ? randomFile(rnd) : mutate(rnd, pick(rnd, base));
    const plan = await buildPlan(text, { filePath: join(FIXTURES, 'fuzz.batch.http'), workspaceRoot: FIXTURES, files: memoryFiles, processEnv: {}, random: rnd });
    checkPositions(text, plan.diagnostics, plan.blocks, `plan ${i}`);
    assert.ok(!plan.diagnostics.some((d) => d.message.startsWith('internal')), `plan ${i}: ${plan.diagnostics.map((d) => d.message).join('; ')}`);
    for (const r of plan.requests) {
      assert.ok(r.line >= 1 && r.column >= 1);
      assert.equal(typeof r.url, 'string');
    }
  }
});

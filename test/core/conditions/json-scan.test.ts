// The body path scan (json-scan.ts) against what it stands for: JSON.parse of the decoded
// body, then the path followed. Hand-picked cases for each rule of the JSON grammar and of
// the path, then a seeded differential run over generated documents (escapes, non-ASCII
// text, duplicate keys, deep nesting, a byte order mark) and mutations of them that are
// mostly not JSON any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanJsonPath } from '../../../src/core/conditions/json-scan';
import { followJsonPath, jsonPathSteps, ResponseValues, readBodyPath } from '../../../src/core/conditions/values';
import { createRng } from '../../support/prng';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

type Steps = readonly (string | number)[];

/** What the scan must give: the body decoded, parsed whole, the path followed. */
function reference(bytes: Uint8Array, steps: Steps): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  return followJsonPath(doc, steps);
}

function same(bytes: Uint8Array, steps: Steps, label: string): void {
  assert.deepStrictEqual(scanJsonPath(bytes, steps), reference(bytes, steps), `${label}: ${JSON.stringify(steps)} in ${JSON.stringify(decoder.decode(bytes)).slice(0, 300)}`);
}

const bytes = (text: string): Uint8Array => encoder.encode(text);

test('json-scan: values at paths, as JSON.parse reads them', () => {
  const doc = bytes('{"ok":true,"id":"7","n":-1.5e3,"none":null,"off":false,"tags":["a",{"b":[1,2]}],"o":{"k":{"deep":"x"}},"e":{},"a":[]}');
  const cases: [Steps, unknown][] = [
    [['ok'], true],
    [['id'], '7'],
    [['n'], -1500],
    [['none'], null],
    [['off'], false],
    [['tags'], ['a', { b: [1, 2] }]],
    [['tags', 0], 'a'],
    [['tags', 1, 'b', 1], 2],
    [['tags', 2], undefined],
    [['tags', 'length'], undefined],
    [['o', 'k', 'deep'], 'x'],
    [['o', 0], undefined],
    [['e'], {}],
    [['a'], []],
    [['a', 0], undefined],
    [['missing'], undefined],
    [['ok', 'deeper'], undefined],
    [[], JSON.parse(decoder.decode(doc))],
  ];
  for (const [steps, want] of cases) {
    assert.deepStrictEqual(scanJsonPath(doc, steps), want, JSON.stringify(steps));
    same(doc, steps, 'table');
  }
});

test('json-scan: the last of duplicate keys wins, also for a key above the path', () => {
  assert.equal(scanJsonPath(bytes('{"ok":false,"ok":true}'), ['ok']), true);
  assert.equal(scanJsonPath(bytes('{"a":{"b":1},"a":{"b":2}}'), ['a', 'b']), 2);
  assert.equal(scanJsonPath(bytes('{"a":{"b":1},"a":{"c":2}}'), ['a', 'b']), undefined);
  assert.equal(scanJsonPath(bytes('{"a":{"b":1},"a":3}'), ['a', 'b']), undefined);
  assert.equal(scanJsonPath(bytes('[{"a":1},{"a":2}]'), [1, 'a']), 2);
  assert.deepStrictEqual(scanJsonPath(bytes('{"x":{"a":1,"a":[2]}}'), ['x']), { a: [2] });
});

test('json-scan: keys compared as JSON.parse reads them (escapes, non-ASCII, __proto__)', () => {
  assert.equal(scanJsonPath(bytes('{"o\\u006b":1}'), ['ok']), 1);
  assert.equal(scanJsonPath(bytes('{"a\\"b":1}'), ['a"b']), 1);
  assert.equal(scanJsonPath(bytes('{"café":1}'), ['café']), 1);
  assert.equal(scanJsonPath(bytes('{"caf":1}'), ['café']), undefined);
  assert.equal(scanJsonPath(bytes('{"__proto__":{"x":1}}'), ['__proto__', 'x']), 1);
  assert.equal(scanJsonPath(bytes('{"okay":1}'), ['ok']), undefined);
  assert.equal(scanJsonPath(bytes('{"o":1}'), ['ok']), undefined);
  // Bytes that are not UTF-8 decode to U+FFFD, in a key as anywhere.
  assert.equal(scanJsonPath(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), ['\ufffd']), 1);
});

test('json-scan: anything JSON.parse refuses is no value', () => {
  const bad = ['', ' ', '{', '}', '[1,]', '{"a":1,}', '{,}', '[,1]', '{"a" 1}', '{a:1}', "{'a':1}", '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '{"a":1e}', '{"a":1e+}',
    '{"a":+1}', '{"a":tru}', '{"a":True}', '{"a":nul}', '{"a":"x\ty"}', '{"a":"\\x"}', '{"a":"\\u12G4"}', '{"a":"unterminated}', '{"a":1}x', '{"a":1} {}', '[1] 2', '{"a":1]', '[1}',
    '\ufeff\ufeff{"a":1}', '{"a":1}\u00a0', '{"a":NaN}', '{"a":Infinity}', '{"a":1,"a"}', '"\\ud800"x'];
  for (const text of bad) {
    assert.equal(scanJsonPath(bytes(text), ['a']), undefined, JSON.stringify(text));
    same(bytes(text), ['a'], 'refused');
  }
  // ...and what it takes, is taken.
  const good = ['{"a":1}', ' \t\r\n{ "a" : 1 } \n', '\ufeff{"a":1}', '{"a":"\\ud800"}', '{"a":"\\/\\b\\f\\n\\r\\t\\"\\\\"}', '{"a":-0}', '{"a":0.5E-3}', '{"a":1e400}', '{"a":"€ 😀"}'];
  for (const text of good) {
    assert.notEqual(scanJsonPath(bytes(text), ['a']), undefined, JSON.stringify(text));
    same(bytes(text), ['a'], 'taken');
  }
  assert.ok(Object.is(scanJsonPath(bytes('{"a":-0}'), ['a']), -0));
});

test('json-scan: nesting as deep as JSON.parse takes, no stack used', () => {
  const depth = 200_000;
  const doc = bytes(`${'{"a":'.repeat(depth)}true${'}'.repeat(depth)}`);
  assert.equal(scanJsonPath(doc, ['a', 'b']), undefined);
  assert.equal(typeof scanJsonPath(doc, ['a', 'a', 'a']), 'object');
  const steps = new Array<string>(depth).fill('a');
  assert.equal(scanJsonPath(doc, steps), true);
  assert.equal(scanJsonPath(bytes(`${'['.repeat(depth)}${']'.repeat(depth - 1)}`), [0]), undefined);
});

const KEYS = ['ok', 'a', 'b', 'id', 'o\u006b', 'café', '', 'x y', '__proto__', '0', 'a"b'];
const STRINGS = ['', 'x', 'done', 'café', '😀', 'tab\there', 'q"uote', 'back\\slash', '\u2028', '\ud800', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'];
const NUMBERS = ['0', '-0', '1', '-12', '3.25', '1e3', '-2.5E-2', '1e400', '12345678901234567890'];

/** JSON text of a random value, written with random spaces and escapes. */
function generate(r: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const space = (): string => (r() < 0.7 ? '' : pick([' ', '\n', '\t', '\r\n  ']));
  const str = (s: string): string => {
    // Escape some characters that need none: JSON.parse reads them back the same.
    let out = JSON.stringify(s);
    if (r() < 0.2 && s.length > 0) out = `"\\u${s.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(s.slice(1)).slice(1)}`;
    return out;
  };
  const kind = depth > 4 ? Math.floor(r() * 4) : Math.floor(r() * 6);
  switch (kind) {
    case 0:
      return str(pick(STRINGS));
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick(['true', 'false', 'null']);
    case 3:
      return pick(['true', '"done"', '7']);
    case 4: {
      const n = Math.floor(r() * 4);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(`${space()}${str(pick(KEYS))}${space()}:${space()}${generate(r, depth + 1)}${space()}`);
      return `{${parts.join(',')}${space()}}`;
    }
    default: {
      const n = Math.floor(r() * 4);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(`${space()}${generate(r, depth + 1)}${space()}`);
      return `[${parts.join(',')}${space()}]`;
    }
  }
}

/** Paths that exist in `doc` (every one), and some that do not. */
function pathsOf(doc: unknown, r: () => number): Steps[] {
  const out: Steps[] = [];
  const walk = (v: unknown, at: (string | number)[]): void => {
    out.push(at);
    if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...at, k]));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...at, k]);
  };
  walk(doc, []);
  const more: Steps[] = [['ok'], ['a', 'b'], [0], [0, 'ok'], ['missing'], ['a', 0], ['0']];
  for (const p of out.slice(0, 20)) {
    more.push([...p, 'ok'], [...p, 0]);
    if (p.length > 0) more.push([...p.slice(0, -1), typeof p[p.length - 1] === 'number' ? String(p[p.length - 1]) : 0]);
  }
  return [...out, ...more].filter(() => r() < 0.8);
}

/** `text` with a few random bytes changed, dropped or added (mostly no longer JSON). */
function mutate(text: Uint8Array, r: () => number): Uint8Array {
  const out = Array.from(text);
  const edits = 1 + Math.floor(r() * 3);
  const interesting = [0x22, 0x5c, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x20, 0x00, 0x0a, 0x30, 0x2d, 0x65, 0x2e, 0x75, 0xc3, 0xff, 0x74];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (out.length + 1));
    const byte = r() < 0.8 ? interesting[Math.floor(r() * interesting.length)]! : Math.floor(r() * 256);
    const op = r();
    if (op < 0.33) out.splice(at, 0, byte);
    else if (op < 0.66) out.splice(at, 1);
    else out[at] = byte;
  }
  return Uint8Array.from(out);
}

test('json-scan: the same answers as JSON.parse on generated and mutated documents', () => {
  // The same documents on every run.
  const r = createRng(20261206).next;
  let compared = 0;
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    let text = generate(r, 0);
    if (r() < 0.1) text = ` ${text}\n`;
    if (r() < 0.1) text = `\ufeff${text}`;
    const body = bytes(text);
    const doc = JSON.parse(decoder.decode(body)) as unknown;
    const paths = pathsOf(doc, r);
    for (const steps of paths) {
      same(body, steps, 'generated');
      if (scanJsonPath(body, steps) !== undefined) found++;
      compared++;
    }
    for (let m = 0; m < 4; m++) {
      const broken = mutate(body, r);
      for (const steps of paths.slice(0, 6)) {
        same(broken, steps, 'mutated');
        compared++;
      }
    }
  }
  // The run compared many paths, and found values on a good share of them (a scan that
  // answered nothing would fail here rather than pass on the missing ones).
  assert.ok(compared > 30_000, `compared ${compared}`);
  assert.ok(found > 3_000, `found ${found}`);
});

/** `text`'s bytes at `offset` bytes into a larger buffer (the scan reads long strings as aligned 32-bit words). */
function placed(body: Uint8Array, offset: number): Uint8Array {
  const buffer = new Uint8Array(body.length + 8);
  buffer.set(body, offset);
  return buffer.subarray(offset, offset + body.length);
}

test('json-scan: every byte value at every place of a long string, at every alignment', () => {
  // A string long enough to be read a word at a time; one byte of it replaced by each of the
  // 256 values, at each position, with the document at each of the four byte offsets.
  const head = bytes('{"k":"');
  const tail = bytes('","z":1}');
  const length = 45;
  let values = 0;
  let refused = 0;
  for (let offset = 0; offset < 4; offset++) {
    for (let at = 0; at < length; at++) {
      for (let v = 0; v < 256; v++) {
        const body = new Uint8Array(head.length + length + tail.length);
        body.set(head);
        body.fill(0x61, head.length, head.length + length);
        body[head.length + at] = v;
        body.set(tail, head.length + length);
        const doc = placed(body, offset);
        const got = scanJsonPath(doc, ['z']);
        assert.equal(got, reference(doc, ['z']), `byte 0x${v.toString(16)} at ${at}, offset ${offset}`);
        assert.deepStrictEqual(scanJsonPath(doc, ['k']), reference(doc, ['k']), `byte 0x${v.toString(16)} at ${at}, offset ${offset}`);
        if (got === undefined) refused++;
        else values++;
      }
    }
  }
  // Control characters, a lone backslash, and a quote (which ends the string early) are refused; the rest are read.
  assert.equal(refused, 4 * length * 34);
  assert.equal(values, 4 * length * 222);
});

test('json-scan: escapes anywhere in long strings', () => {
  const escapes = ['\\"', '\\\\', '\\/', '\\n', '\\u00e9', '\\ud83d\\ude00', '\\u12', '\\x'];
  for (let offset = 0; offset < 4; offset++) {
    for (const e of escapes) {
      for (let at = 0; at <= 40; at += 3) {
        const text = `{"k":"${'b'.repeat(at)}${e}${'c'.repeat(40 - at)}","z":[1]}`;
        const doc = placed(bytes(text), offset);
        for (const steps of [['k'], ['z', 0]]) same(doc, steps, `escape ${e} at ${at}, offset ${offset}`);
      }
    }
  }
  // A bad escape makes the whole body no JSON; a good one is read as JSON.parse reads it.
  assert.equal(scanJsonPath(bytes(`{"k":"${'a'.repeat(30)}\\x","z":1}`), ['z']), undefined);
  assert.equal(scanJsonPath(bytes(`{"k":"${'a'.repeat(30)}\\u00e9\\"q","z":1}`), ['k']), `${'a'.repeat(30)}\u00e9"q`);
});

test('json-scan: ResponseValues reads the first path by scanning, the next ones from one parse', () => {
  const body = bytes('{"ok":true,"n":2,"ok":false}');
  const values = new ResponseValues({ status: 200, headers: {}, body });
  assert.equal(readBodyPath(values, jsonPathSteps('$.ok')), false);
  assert.equal(readBodyPath(values, jsonPathSteps('n')), 2);
  assert.equal(readBodyPath(values, jsonPathSteps('$.ok')), false);
  assert.equal(readBodyPath(values, null), undefined);
  const none = new ResponseValues({ status: 204, headers: {}, body: null });
  assert.equal(readBodyPath(none, jsonPathSteps('$.ok')), undefined);
  assert.equal(readBodyPath(none, jsonPathSteps('$.ok')), undefined);
  assert.equal(none.json(), null);
  // Told that two paths will be read, the view parses the body once: the same answers.
  for (const expected of [1, 2, 3]) {
    const told = new ResponseValues({ status: 200, headers: {}, body }, expected);
    assert.deepStrictEqual([readBodyPath(told, jsonPathSteps('$.ok')), readBodyPath(told, jsonPathSteps('$.n')), readBodyPath(told, jsonPathSteps('$.x'))], [false, 2, undefined]);
  }
});

// Mutations for the parser fuzz run: character-level and line-level edits that push a
// plausible document into the corners (cut tokens, stray braces, odd bytes, huge runs).
import type { Rng } from '../prng';

const TOKENS = [
  '{{', '}}', '{{{{', '}}}}', '###', '# @', '// @', '@', '=', ':', '<', '< ', '<@ ', '>', '> {%', '%}', '{%', '??',
  '\n', '\r\n', '\r', '\t', ' ', '\u0000', '\uFEFF', '\uD83D', '\uDE00', '\u2028', 'é', '😀', '?', '&', '"', '\\',
  'HTTP/1.1', 'http://', '$', '.response.body.', '[0]', '//', '*/', '/*',
];

type Mutation = (rng: Rng, text: string) => string;

const insertToken: Mutation = (rng, text) => {
  const at = rng.int(0, text.length);
  return text.slice(0, at) + rng.pick(TOKENS) + text.slice(at);
};

const deleteRange: Mutation = (rng, text) => {
  if (!text) return text;
  const a = rng.int(0, text.length - 1);
  const b = Math.min(text.length, a + rng.int(1, 16));
  return text.slice(0, a) + text.slice(b);
};

const duplicateRange: Mutation = (rng, text) => {
  if (!text) return text;
  const a = rng.int(0, text.length - 1);
  const b = Math.min(text.length, a + rng.int(1, 64));
  const piece = text.slice(a, b);
  return text.slice(0, b) + piece.repeat(rng.int(1, 8)) + text.slice(b);
};

const replaceChar: Mutation = (rng, text) => {
  if (!text) return text;
  const at = rng.int(0, text.length - 1);
  const ch = rng.chance(0.5) ? String.fromCharCode(rng.int(0, 0xffff)) : String.fromCharCode(rng.int(0, 127));
  return text.slice(0, at) + ch + text.slice(at + 1);
};

const truncate: Mutation = (rng, text) => text.slice(0, rng.int(0, text.length));

const swapLines: Mutation = (rng, text) => {
  const lines = text.split('\n');
  if (lines.length < 2) return text;
  const i = rng.int(0, lines.length - 1);
  const j = rng.int(0, lines.length - 1);
  [lines[i], lines[j]] = [lines[j], lines[i]];
  return lines.join('\n');
};

const repeatToken: Mutation = (rng, text) => {
  const at = rng.int(0, text.length);
  return text.slice(0, at) + rng.pick(TOKENS).repeat(rng.int(2, 200)) + text.slice(at);
};

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [4, insertToken],
  [3, deleteRange],
  [2, duplicateRange],
  [3, replaceChar],
  [1, truncate],
  [2, swapLines],
  [1, repeatToken],
];

/** Applies 1..maxEdits random edits. */
export function mutate(rng: Rng, text: string, maxEdits = 6): string {
  let out = text;
  for (let i = rng.int(1, maxEdits); i > 0; i--) out = rng.weighted(MUTATIONS)(rng, out);
  return out;
}

/** Glues the head of one document to the tail of another at random points. */
export function splice(rng: Rng, a: string, b: string): string {
  return a.slice(0, rng.int(0, a.length)) + b.slice(rng.int(0, b.length));
}

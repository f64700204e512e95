// The fuzz input stream: input `index` of a run seeded with `seed` is always the same text,
// so any failure is reproduced by its (seed, index) pair alone.
import { createRng, deriveSeed } from '../prng';
import { generateDocument } from './generate';
import { mutate, splice } from './mutate';

export type InputKind = 'generated' | 'mutated' | 'spliced' | 'noise';

export interface FuzzInput {
  index: number;
  kind: InputKind;
  text: string;
}

function noise(seedRng: ReturnType<typeof createRng>): string {
  const length = seedRng.int(0, 400);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += seedRng.chance(0.7) ? String.fromCharCode(seedRng.int(9, 126)) : String.fromCharCode(seedRng.int(0, 0xffff));
  }
  return out;
}

export function fuzzInput(seed: number, index: number): FuzzInput {
  const rng = createRng(deriveSeed(seed, index));
  const kind = rng.weighted<InputKind>([
    [40, 'generated'],
    [45, 'mutated'],
    [10, 'spliced'],
    [5, 'noise'],
  ]);
  switch (kind) {
    case 'generated':
      return { index, kind, text: generateDocument(rng) };
    case 'mutated':
      return { index, kind, text: mutate(rng, generateDocument(rng)) };
    case 'spliced':
      return { index, kind, text: mutate(rng, splice(rng, generateDocument(rng), generateDocument(rng)), 2) };
    default:
      return { index, kind, text: noise(rng) };
  }
}

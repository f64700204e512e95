// The order in which a batch's results finish, made up: mostly index order, shuffled
// locally (as with `window` requests in flight), with stragglers (every `every`-th position,
// from `offset`) finishing last.
import { createRng } from './prng';

export function finishOrder(n: number, seed = 99, window = 64, every = 53, offset = 3): number[] {
  const rng = createRng(seed);
  const order = [...Array(n).keys()];
  for (let i = 0; i < n; i++) {
    const j = Math.min(n - 1, i + rng.int(0, window));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const late = order.filter((_, k) => k % every === offset);
  return [...order.filter((_, k) => k % every !== offset), ...late];
}

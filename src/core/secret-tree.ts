// The radix tree of secret values the Redactor finds and replaces in one pass (redact.ts).
/** What every redacted value becomes (redact.ts re-exports it). */
export const REDACTED = '***';

/** Most distinct 3-character prefixes searched for as an alternation (see SecretTree.skipRe). */
const MAX_PREFIXES = 64;

interface TreeNode {
  /** Edges by their label's first character. */
  edges: Map<string, TreeEdge> | null;
  /** A secret ends here. */
  end: boolean;
}

interface TreeEdge {
  label: string;
  node: TreeNode;
}

/** A radix tree of secret values that finds and replaces them in one pass over a text. */
export class SecretTree {
  private readonly root: TreeNode = { edges: null, end: false };
  /** First characters of the secrets: most positions of a text are skipped on this test alone. */
  private readonly first = new Set<string>();
  /** The first 3 characters of the secrets (every secret has 3 or more), while there are few. */
  private readonly prefixes = new Set<string>();
  /**
   * Finds the next position where a secret may start: the prefixes as an alternation while
   * there are at most MAX_PREFIXES of them, else the first characters as a class. Rebuilt
   * only when a new prefix (or first character) comes, so its cost stays bounded.
   */
  private skipRe: RegExp | null = null;
  work = 0;

  insert(value: string): void {
    if (!this.first.has(value[0]!)) {
      this.first.add(value[0]!);
      this.skipRe = null;
    }
    const prefix = value.slice(0, 3);
    if (this.prefixes.size <= MAX_PREFIXES && !this.prefixes.has(prefix)) {
      this.prefixes.add(prefix);
      this.skipRe = null;
    }
    let node = this.root;
    let i = 0;
    for (;;) {
      this.work++;
      if (i === value.length) {
        node.end = true;
        return;
      }
      const edges = (node.edges ??= new Map());
      const edge = edges.get(value[i]!);
      if (!edge) {
        edges.set(value[i]!, { label: value.slice(i), node: { edges: null, end: true } });
        return;
      }
      let common = 1;
      const label = edge.label;
      while (common < label.length && i + common < value.length && label[common] === value[i + common]) common++;
      this.work += common;
      if (common < label.length) {
        const mid: TreeNode = { edges: new Map([[label[common]!, { label: label.slice(common), node: edge.node }]]), end: false };
        edge.label = label.slice(0, common);
        edge.node = mid;
      }
      node = edge.node;
      i += common;
    }
  }

  /** End of the longest secret that starts at `at`, or -1. */
  private matchAt(text: string, at: number): number {
    let node = this.root;
    let j = at;
    let best = -1;
    for (;;) {
      if (node.end) best = j;
      if (j >= text.length || !node.edges) return best;
      const edge = node.edges.get(text[j]!);
      this.work++;
      if (!edge || !text.startsWith(edge.label, j)) return best;
      this.work += edge.label.length;
      j += edge.label.length;
      node = edge.node;
    }
  }

  /**
   * Where the longest tail of `text` that is the start of a secret (3 characters or more,
   * within the last `window` characters) begins; -1 when there is none.
   */
  tailStart(text: string, window: number): number {
    for (let i = Math.max(0, text.length - Math.min(window, 1 << 16)); i <= text.length - 3; i++) {
      if (this.first.has(text[i]!) && this.reachesEnd(text, i)) return i;
    }
    return -1;
  }

  /** True when text from `at` to its end is the start of some secret. */
  private reachesEnd(text: string, at: number): boolean {
    let node = this.root;
    let j = at;
    for (;;) {
      if (j >= text.length) return true;
      const edge = node.edges?.get(text[j]!);
      this.work++;
      if (!edge) return false;
      const rest = text.length - j;
      if (rest <= edge.label.length) return edge.label.startsWith(text.slice(j));
      if (!text.startsWith(edge.label, j)) return false;
      this.work += edge.label.length;
      j += edge.label.length;
      node = edge.node;
    }
  }

  private skipPattern(): RegExp {
    // Code units, not code points (no `u` flag): the same units `text[i]` gives the tree.
    const esc = (text: string): string => text.replace(/[^]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (this.prefixes.size <= MAX_PREFIXES) return new RegExp([...this.prefixes].map(esc).join('|'), 'g');
    return new RegExp(`[${esc([...this.first].join(''))}]`, 'g');
  }

  replace(text: string): string {
    const re = (this.skipRe ??= this.skipPattern());
    re.lastIndex = 0;
    let out = '';
    let last = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.index;
      const end = this.matchAt(text, at);
      if (end < 0) {
        re.lastIndex = at + 1;
        continue;
      }
      out += text.slice(last, at) + REDACTED;
      re.lastIndex = last = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

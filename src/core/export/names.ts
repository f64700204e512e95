// Identifiers for generated variables: safe in Artillery templates, JavaScript and env names.

/** Turns any text into an identifier: letters, digits and `_`, not starting with a digit. */
export function toIdentifier(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (id === '') return 'v';
  return /^[0-9]/.test(id) ? `v_${id}` : id;
}

/** Hands out unique identifiers (case-insensitively unique, as env names are on some systems). */
export class NameAllocator {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r.toLowerCase());
  }

  allocate(wanted: string): string {
    const base = toIdentifier(wanted);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

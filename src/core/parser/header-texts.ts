// One stored copy of each header name of a file, and of the first values of each name: a
// large file repeats `Accept: application/json` thousands of times, and the parsed blocks
// then share the strings (an id per request is not shared).

/** Distinct header names, and values of one name, stored once per file. */
const MAX_SHARED = 64;

/** A header name as stored, and its values while there are few of them. */
export interface SharedHeader {
  name: string;
  values: Map<string, string> | null;
}

export class HeaderTexts {
  private readonly names = new Map<string, SharedHeader>();

  /** The stored copy of a header name (null once the file has too many names to share). */
  name(name: string): SharedHeader | null {
    let h = this.names.get(name);
    if (h === undefined) {
      if (this.names.size >= MAX_SHARED) return null;
      this.names.set(name, (h = { name, values: new Map() }));
    }
    return h;
  }

  /** The stored copy of a header value (the value itself for a name with too many values). */
  value(h: SharedHeader | null, value: string): string {
    if (h === null || h.values === null) return value;
    const stored = h.values.get(value);
    if (stored !== undefined) return stored;
    if (h.values.size >= MAX_SHARED) h.values = null;
    else h.values.set(value, value);
    return value;
  }
}

// A kept response body as report text: UTF-8 text, or base64 when it is not valid UTF-8.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface BodyText {
  text: string | null;
  base64: string | null;
}

/**
 * Decodes `body`. A truncated body may end inside a multi-byte character: that tail is
 * dropped rather than making the whole body binary.
 */
export function bodyText(body: Uint8Array | null, truncated: boolean): BodyText {
  if (!body) return { text: null, base64: null };
  try {
    // A streaming decode leaves an incomplete trailing character pending instead of failing.
    const d = truncated ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : decoder;
    return { text: d.decode(body, { stream: truncated }), base64: null };
  } catch {
    return { text: null, base64: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64') };
  }
}

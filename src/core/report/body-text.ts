// A kept response body as report text: UTF-8 text, or base64 when it is not valid UTF-8.
import type { Redactor } from '../redact';

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

/**
 * `bodyText` with the run's secrets hidden: in the text, or in the bytes before they are
 * base64-encoded (an echoed token inside a binary body is hidden too). A body cut at the cap
 * also hides a cut secret at its end.
 */
export function redactedBodyText(body: Uint8Array | null, truncated: boolean, redactor: Redactor): BodyText {
  const plain = bodyText(body, truncated);
  if (plain.text !== null) return { text: redactor.bodyText(plain.text, truncated), base64: null };
  if (plain.base64 === null) return plain;
  return { text: null, base64: redactBase64(plain.base64, truncated, redactor) };
}

/** Base64 of bytes, with the secrets in those bytes replaced by `***`. */
export function redactBase64(base64: string, truncated: boolean, redactor: Redactor): string {
  const latin1 = Buffer.from(base64, 'base64').toString('latin1');
  const hidden = redactor.binary(latin1, truncated);
  return hidden === latin1 ? base64 : Buffer.from(hidden, 'latin1').toString('base64');
}

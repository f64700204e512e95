// Text for a terminal: control characters (ESC, OSC, BEL, C1 codes...) from a file or a
// server are shown as `\xNN` instead of being sent raw, so they cannot move the cursor,
// retitle the window or hide text. Newlines stay; a tab stays.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  CONTROL.lastIndex = 0;
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

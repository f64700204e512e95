// Cutting a value found to what results keep (no Node.js dependency: the report page uses it).
import { ACTUAL_MAX } from './model';

/** Cuts text to `ACTUAL_MAX` characters, the last one an ellipsis when cut (a surrogate pair is never split). */
export function cutActual(text: string): string {
  if (text.length <= ACTUAL_MAX) return text;
  let end = ACTUAL_MAX - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

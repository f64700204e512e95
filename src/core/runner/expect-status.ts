// `@expect-status` matching: `200`, `2xx`, `200,404`, or the default 2xx and 3xx.

export type StatusMatcher = (status: number) => boolean;

const defaultMatcher: StatusMatcher = (status) => status >= 200 && status < 400;

/** Compiles an `@expect-status` text once; null gives the default. Unknown parts match nothing. */
export function compileExpectStatus(text: string | null): StatusMatcher {
  if (text === null || text.trim() === '') return defaultMatcher;
  const exact = new Set<number>();
  const classes = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim().toLowerCase();
    if (/^[1-5]xx$/.test(part)) classes.add(Number(part[0]));
    else if (/^\d{3}$/.test(part)) exact.add(Number(part));
  }
  return (status) => exact.has(status) || classes.has(Math.floor(status / 100));
}

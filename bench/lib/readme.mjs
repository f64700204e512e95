// Puts the latest report into bench/README.md between two marker comments.

export const START = '<!-- bench:performance:start -->';
export const END = '<!-- bench:performance:end -->';

/** `readme` with the text between START and END replaced by `section` (appended with the markers when absent). */
export function replaceSection(readme, section) {
  const block = `${START}\n${section.trimEnd()}\n${END}`;
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1 || to < from) return `${readme.trimEnd()}\n\n${block}\n`;
  return readme.slice(0, from) + block + readme.slice(to + END.length);
}

// A .batch.http file full of other tools' scripts, each of which would write a marker
// file if anything executed it: JetBrains response handlers (inline, multi-line, in a
// file), a JetBrains pre-request script and an httpYac script block.
import { join } from 'node:path';
import { workspace, type Workspace } from './run-harness';

/** The file and the markers its scripts would create if anything ran them. */
export async function handlerWorkspace(baseUrl: string): Promise<{ ws: Workspace; markers: string[] }> {
  const ws = await workspace('');
  const markers = ['inline', 'multiline', 'file', 'httpyac', 'pre'].map((n) => join(ws.dir, `executed-${n}.marker`));
  const write = (m: string): string => `require('fs').writeFileSync(${JSON.stringify(m)}, 'ran')`;
  await ws.write('handler.js', `${write(markers[2])};\n`);
  const text = [
    '### inline handler',
    `GET ${baseUrl}/ok`,
    '',
    `> {% ${write(markers[0])}; %}`,
    '',
    '### multi-line handler',
    `GET ${baseUrl}/ok`,
    '',
    '> {%',
    `  ${write(markers[1])};`,
    '  client.global.set("x", 1);',
    '%}',
    '',
    '### handler in a file',
    `GET ${baseUrl}/ok`,
    '',
    '> ./handler.js',
    '',
    '### httpYac script block',
    '{{',
    `  ${write(markers[3])};`,
    '}}',
    `GET ${baseUrl}/ok`,
    '',
    '### JetBrains pre-request script',
    `< {% ${write(markers[4])}; %}`,
    `GET ${baseUrl}/ok`,
    '',
  ].join('\n');
  await ws.write('main.batch.http', text);
  return { ws, markers };
}


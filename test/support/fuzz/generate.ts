// Generates .batch.http documents for the parser fuzz run: mostly plausible files built
// from the format's pieces (and other tools' lines), with odd values mixed in.
import type { Rng } from '../prng';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'GRPC', 'WS', 'get', 'G3T', ''];
const DIRECTIVES = [
  'concurrency', 'per-host', 'timeout', 'deadline', 'retries', 'rate', 'bail', 'name', 'repeat', 'foreach',
  'depends-on', 'no-redirect', 'expect-status', 'idempotent', 'connection-timeout', 'no-cookie-jar', 'prompt',
  'note', 'ref', 'loop', '',
];
const VALUES = [
  '', '0', '1', '8', '-3', '2s', '2 s', '150ms', '1m', '10/s', '600/m', '5/h', 'abc', '1e9', '99999999999999999999',
  '2xx', '200,404', 'u1', 'a-b_c', 'data.csv', 'data.json', 'missing.csv', '{{n}}', 'NaN', '0.5', '= 3',
];
const NAMES = ['host', 'baseUrl', 'token', 'id', 'n', 'user', 'a', 'b', 'x-y', 'π'];
const DYNAMIC = [
  '$uuid', '$guid', '$random.uuid', '$timestamp', '$timestamp -1 d', '$datetime iso8601', '$datetime rfc1123 1 h',
  '$datetime "YYYY-MM-DD"', '$localDatetime iso8601', '$isoTimestamp', '$randomInt 1 9', '$randomInt 9 1',
  '$randomInt a b', '$index', '$processEnv HOME', '$dotenv SECRET', '$nope', 'new Date()',
  'u1.response.status', 'u1.response.headers.Content-Type', 'u1.response.body.*', 'u1.response.body.$.a[0].b',
  'u1.response.body.//reply[1]/@id', 'ghost.response.status',
];
const HOSTS = ['http://127.0.0.1:8080', 'https://127.0.0.1', '{{host}}', '{{baseUrl}}', 'http://u:p@h.invalid', 'ws://x', 'tcp://x', ''];
const PATHS = ['/', '/users/1', '/a?b=c', '/{{id}}', '/x y', '/%zz', '/ü', '?q=1', ''];
const HEADER_NAMES = ['Accept', 'Content-Type', 'Authorization', 'X-Api-Key', 'Cookie', '{{h}}', 'Bad Name', 'X-Ü', ''];
const HEADER_VALUES = ['application/json', 'multipart/form-data; boundary=b', 'Bearer {{token}}', 'a=b', '', ' spaced ', '{{'];
const BODIES = [
  '{"name": "Ada"}',
  '{\n  "a": [1, 2, {"b": "{{id}}"}]\n}',
  '<xml><a>1</a></xml>',
  '< ./body.bin',
  '<@ ./tpl.txt',
  '<@latin1 ./tpl.txt',
  '< ./missing.bin',
  '--b\nContent-Disposition: form-data; name="f"\n\nv\n--b--',
  '# not a comment in a body',
  '// nor this',
  '<html></html>',
  'a=1&b={{$uuid}}',
];
const FOREIGN = [
  '> {% client.global.set("t", response.body.token); %}',
  '> {%\n  client.test("x", function() {});\n%}',
  '> ./handler.js',
  '<> ./previous.json',
  '>> ./out.json',
  '>>! ./out.json',
  '?? status == 200',
  '{{\n  exports.x = 1;\n}}',
  '{{@response\n  console.log(response);\n}}',
  '{{+\n}}',
  'proto < ./svc.proto',
];
const ODD = ['\u0000', '\uFEFF', '\uD800', '\u2028', '\t', '\r', '{{', '}}', '{%', '%}', '###', '\u00e9', '😀'];

function variable(rng: Rng): string {
  const inner = rng.chance(0.5) ? rng.pick(NAMES) : rng.pick(DYNAMIC);
  const pad = rng.chance(0.2) ? ' ' : '';
  if (rng.chance(0.05)) return `{{${pad}${inner}`;
  return `{{${pad}${inner}${pad}}}`;
}

function sprinkle(rng: Rng, text: string): string {
  if (!rng.chance(0.15)) return text;
  const at = rng.int(0, text.length);
  const extra = rng.chance(0.5) ? variable(rng) : rng.pick(ODD);
  return text.slice(0, at) + extra + text.slice(at);
}

function directive(rng: Rng): string {
  const prefix = rng.pick(['# @', '// @', '#@', '  # @']);
  const name = rng.pick(DIRECTIVES);
  const value = rng.chance(0.8) ? rng.pick(VALUES) : variable(rng);
  const sep = rng.pick([' ', ' = ', '  ', '']);
  return sprinkle(rng, `${prefix}${name}${value ? sep + value : ''}`);
}

function fileVariable(rng: Rng): string {
  const value = rng.pick([...HOSTS, ...VALUES, `${variable(rng)}/v1`]);
  return sprinkle(rng, `@${rng.pick(NAMES)} = ${value}`);
}

function requestLine(rng: Rng): string {
  const target = `${rng.pick(HOSTS)}${rng.pick(PATHS)}${rng.chance(0.2) ? variable(rng) : ''}`;
  const method = rng.pick(METHODS);
  const version = rng.chance(0.3) ? rng.pick([' HTTP/1.1', ' HTTP/2', ' HTTP/9.9']) : '';
  return sprinkle(rng, method ? `${method} ${target}${version}` : target);
}

function block(rng: Rng, first: boolean): string[] {
  const lines: string[] = [];
  if (!first || rng.chance(0.3)) lines.push(rng.chance(0.8) ? `### ${sprinkle(rng, 'Title')}` : '###');
  for (let i = rng.int(0, 3); i > 0; i--) {
    lines.push(rng.weighted([[3, directive(rng)], [1, fileVariable(rng)], [1, '# plain comment'], [1, '']]));
  }
  lines.push(requestLine(rng));
  for (let i = rng.int(0, 2); i > 0; i--) lines.push(`    ${rng.pick(['?', '&'])}${rng.pick(NAMES)}=${variable(rng)}`);
  for (let i = rng.int(0, 4); i > 0; i--) {
    lines.push(rng.chance(0.9) ? sprinkle(rng, `${rng.pick(HEADER_NAMES)}: ${rng.pick(HEADER_VALUES)}`) : 'no colon here');
  }
  if (rng.chance(0.6)) {
    if (rng.chance(0.85)) lines.push('');
    lines.push(...sprinkle(rng, rng.pick(BODIES)).split('\n'));
  }
  if (rng.chance(0.25)) lines.push(...rng.pick(FOREIGN).split('\n'));
  for (let i = rng.int(0, 2); i > 0; i--) lines.push('');
  return lines;
}

/** A whole document of 0..maxBlocks request blocks, with random line endings. */
export function generateDocument(rng: Rng, maxBlocks = 8): string {
  const lines: string[] = [];
  for (let i = rng.int(0, 3); i > 0; i--) lines.push(rng.chance(0.5) ? directive(rng) : fileVariable(rng));
  const blocks = rng.int(0, maxBlocks);
  for (let i = 0; i < blocks; i++) lines.push(...block(rng, i === 0));
  const eol = rng.weighted([[6, '\n'], [2, '\r\n'], [1, 'mixed']] as const);
  let text = '';
  for (const line of lines) text += line + (eol === 'mixed' ? rng.pick(['\n', '\r\n']) : eol);
  if (rng.chance(0.3)) text = text.replace(/\r?\n$/, '');
  if (rng.chance(0.05)) text = `\uFEFF${text}`;
  return text;
}

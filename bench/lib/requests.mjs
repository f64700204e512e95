// Request files for the benchmark: the generator, and the tiny reader the minimal
// undici loop uses. The reader understands only what the generator writes; it is not
// a .http parser (the product has one in src/core/parser).

/** Every POST_EVERY-th request (1-based id) is a POST with a JSON body; the rest are GETs. */
const POST_EVERY = 4;

function query(id, delayMs, responseBytes, items) {
  let q = `id=${id}&delay=${delayMs}`;
  if (responseBytes > 0) q += `&size=${responseBytes}`;
  if (items > 0) q += `&items=${items}`;
  return q;
}

/** The checks of the `assertions` variant: three per request, all holding on the bench server's answers. */
const ASSERTIONS = ['?? status == 200', '?? header content-type includes json', '?? body $.ok == true'];

function requestBlock(id, options) {
  const { delayMs, responseBytes, named, assertions, items } = options;
  const lines = ['###'];
  if (named) lines.push(`# @name r${id}`);
  const q = query(id, delayMs, responseBytes, items);
  if (id % POST_EVERY === 0) {
    lines.push(`POST {{host}}/orders?${q}`, 'Content-Type: application/json');
  } else {
    lines.push(`GET {{host}}/items/${id}?${q}&fields=id,name`);
  }
  lines.push('Accept: application/json', `X-Request-Id: bench-${id}`, '');
  if (id % POST_EVERY === 0) {
    lines.push(JSON.stringify({ id, sku: `sku-${id}`, quantity: id % 9, note: 'bench' }), '');
  }
  if (assertions) lines.push(...ASSERTIONS, '');
  return lines.join('\n') + '\n';
}

/**
 * A `.batch.http` file of `count` requests to `baseUrl` (the bench server), written so
 * that httpYac reads it the same way: a `@host` file variable, bare `###` separators
 * (with `named`, a `# @name rN` line in each request), 3 GETs for every POST, headers
 * on every request, `delay`/`size` query parameters for the server (`items`: an array of
 * that many small objects in each answer); with `assertions`, three `??` lines after each request.
 */
export function generateRequestFile({ count, baseUrl, delayMs = 0, responseBytes = 0, named = false, assertions = false, items = 0 }) {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(baseUrl)) {
    throw new RangeError(`baseUrl must be a loopback http://host:port, got ${baseUrl}`);
  }
  const options = { delayMs, responseBytes, named, assertions, items };
  const parts = [
    `# batch-http bench: ${count} requests, ${delayMs} ms added latency` +
      (responseBytes > 0 ? `, ${responseBytes}-byte responses` : '') +
      (items > 0 ? `, ${items} items a response` : '') +
      (named ? ', named' : '') +
      (assertions ? ', 3 assertions each' : '') +
      '\n',
    `@host = ${baseUrl}\n\n`,
  ];
  for (let id = 1; id <= count; id++) parts.push(requestBlock(id, options));
  return parts.join('');
}

/** Reads a file written by generateRequestFile into {method, url, headers, body} objects. */
export function readGeneratedFile(text) {
  const vars = new Map();
  const substitute = (s) => s.replace(/\{\{(\w+)\}\}/g, (m, name) => vars.get(name) ?? m);
  const requests = [];
  for (const block of text.split(/^###[^\n]*\n/m)) {
    const lines = block.split('\n');
    let i = 0;
    let requestLine = null;
    for (; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
      const variable = /^@(\w+)\s*=\s*(.*)$/.exec(line);
      if (variable) {
        vars.set(variable[1], variable[2]);
        continue;
      }
      requestLine = line;
      i++;
      break;
    }
    if (requestLine === null) continue;
    const [method, target] = requestLine.split(/\s+/);
    const headers = {};
    for (; i < lines.length && lines[i] !== ''; i++) {
      const colon = lines[i].indexOf(':');
      headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    // `??` assertion lines end the body (the `assertions` variant); the loop does not check them.
    const rest = lines.slice(i);
    const end = rest.findIndex((l) => l.startsWith('??'));
    const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
    requests.push({ method, url: substitute(target), headers, body: body === '' ? null : body });
  }
  return requests;
}

/**
 * A `@foreach` batch for the big-batch scenarios: one GET per row of `rows.csv`
 * (`id,sku,qty` columns, `rows` rows), a header and the row's values in the URL. Returns the
 * file's text and the CSV's; the CSV is written next to the file as `csvName`.
 */
export function generateForeachFiles({ rows, baseUrl, csvName = 'rows.csv', failEvery = 0 }) {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
  // With failEvery, every failEvery-th row asks the server to fail it once (`failonce=1`).
  const fail = failEvery > 0 ? '&failonce={{f}}' : '';
  const file =
    `# batch-http bench: @foreach over ${rows} CSV rows\n@host = ${baseUrl}\n\n` +
    `### one row\n# @foreach ./${csvName}\nGET {{host}}/items/{{id}}?sku={{sku}}&qty={{qty}}${fail}\nAccept: application/json\nX-Row: {{$index}}\n`;
  const lines = [failEvery > 0 ? 'id,sku,qty,f' : 'id,sku,qty'];
  for (let id = 1; id <= rows; id++) {
    const row = `${id},sku-${id},${id % 9}`;
    lines.push(failEvery > 0 ? `${row},${id % failEvery === 0 ? 1 : 0}` : row);
  }
  return { file, csv: `${lines.join('\n')}\n` };
}

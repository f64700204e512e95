// Format section 13: files written for httpYac, REST Client, the JetBrains HTTP Client and
// kulala (our own fixtures in test/fixtures/parser/foreign, written in each tool's style).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listEnvironments, parseDocument } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';
import { FIXTURES, at, errors, fixtureText, planFixture, warnings } from './helpers';

const DIR = 'foreign';

test('httpYac: requests without ###, := variables and # @name=value', async () => {
  const plan = await planFixture(`${DIR}/httpyac-no-separators.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.method, r.url, r.name]),
    [
      ['GET', 'http://127.0.0.1:7501/health', 'health'],
      ['GET', 'http://127.0.0.1:7501/users/ada', null],
      ['POST', 'http://127.0.0.1:7501/users', 'created'],
      ['DELETE', 'http://127.0.0.1:7501/users/1', null],
      ['PUT', 'http://127.0.0.1:7501/after-header', null],
    ],
  );
  const [, get, post, del] = plan.requests;
  assert.deepEqual(get!.headers, [['Accept', 'application/json']]);
  assert.equal(get!.body, null, 'the comment lines above the next request are not body text');
  assert.equal(post!.body, '{"name": "ada", "token": "abc123"}');
  assert.deepEqual(del!.headers, [['Host', '127.0.0.1:7501']], 'a request line in the header section ends the headers');
  const doc = parseDocument(fixtureText(`${DIR}/httpyac-no-separators.http`));
  assert.deepEqual(
    doc.blocks.map((b) => [b.startLine, b.line, b.endLine]),
    [
      [1, 6, 7],
      [8, 8, 10],
      [11, 13, 17],
      [18, 18, 19],
      [20, 20, 21],
    ],
  );
});

test('a request line inside a body without a blank line before it stays body text', async () => {
  const doc = parseDocument('POST http://127.0.0.1/a\nContent-Type: text/plain\n\nsee below\nGET http://127.0.0.1/b\n');
  assert.equal(doc.blocks.length, 1);
  assert.equal(doc.blocks[0]!.body!.length, 2);
});

test('JetBrains: a target over several lines, spaces, no scheme, Host with a scheme', async () => {
  const plan = await planFixture(`${DIR}/jetbrains-multiline.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  const [multi, spaced, noScheme, tls] = plan.requests;
  assert.equal(multi!.url, 'http://127.0.0.1:7502/api/search?q=books&page=2');
  assert.deepEqual(multi!.headers, [['Accept', 'application/json']]);
  assert.equal(spaced!.url, 'http://127.0.0.1:7502/files/my%20report.txt');
  assert.match(at(plan.diagnostics, 10)[0]!, /^warning: the target has spaces; they are sent as %20/);
  assert.equal(noScheme!.url, 'http://127.0.0.1:7502/no-scheme');
  assert.match(at(plan.diagnostics, 13)[0]!, /^warning: the target '127\.0\.0\.1:7502\/no-scheme' has no scheme; http:\/\/ is used/);
  assert.equal(tls!.url, 'https://127.0.0.1:7543/behind-tls');
  assert.deepEqual(tls!.headers, [['Host', '127.0.0.1:7543']], 'the Host header sent has no scheme');
});

test('kulala: import and run lines, and a response kept in the file, are skipped with warnings', async () => {
  const plan = await planFixture(`${DIR}/kulala-extras.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(
    plan.requests.map((r) => [r.url, r.body]),
    [
      ['http://127.0.0.1:7503/ping', null],
      ['http://127.0.0.1:7503/pong', null],
    ],
  );
  assert.match(at(plan.diagnostics, 1)[0]!, /^warning: skipped the kulala\/JetBrains line 'import \.\/shared\.http': other files are not run from here; copy/);
  assert.match(at(plan.diagnostics, 2)[0]!, /^warning: skipped the kulala\/JetBrains line 'run \.\/login\.http'.*batch-http run FILE/);
  assert.match(at(plan.diagnostics, 3)[0]!, /'run #health'/);
  assert.match(at(plan.diagnostics, 9)[0]!, /^warning: skipped a response kept after its request \('HTTP\/1\.1 200 OK'\)/);
  assert.equal(warnings(plan.diagnostics).length, 4, 'the response headers and body are skipped without more warnings');
});

test('REST Client: a response kept after a form body ends the body', async () => {
  const plan = await planFixture(`${DIR}/rest-client-kept-response.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.equal(plan.requests.length, 2);
  assert.equal(plan.requests[1]!.url, 'http://127.0.0.1:7504/home');
  assert.match(at(plan.diagnostics, 7)[0]!, /^warning: skipped a response kept after its request/);
});

test('an httpYac fragment outside a request is skipped with a warning that says what to write', () => {
  const doc = parseDocument('fragment Parts on Repository {\n  name\n}\n\nPOST http://127.0.0.1/graphql\n\nquery { repository { ...Parts } }\n');
  assert.deepEqual(errors(doc.diagnostics), []);
  assert.match(at(doc.diagnostics, 1)[0]!, /^warning: skipped an httpYac GraphQL fragment.*put the fragment into the body of the query/);
  assert.equal(doc.blocks.length, 1);
  assert.equal(doc.blocks[0]!.line, 5);
});

test('REST Client: Basic credentials in clear are encoded, Digest warned, forms joined, {{%name}} encoded, X-Request-Type GraphQL', async () => {
  const plan = await planFixture(`${DIR}/rest-client-auth-forms.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  const [colon, space, token, digest, form, search, graphql] = plan.requests;
  const encoded = Buffer.from('ada:s3cret').toString('base64');
  assert.deepEqual(colon!.headers, [['Authorization', `Basic ${encoded}`]]);
  assert.deepEqual(space!.headers, [['Authorization', `Basic ${encoded}`]]);
  assert.deepEqual(token!.headers, [['Authorization', 'Basic YWRhOnMzY3JldA==']], 'a single token is sent as written');
  assert.deepEqual(digest!.headers, [['Authorization', 'Digest ada s3cret']]);
  assert.match(at(plan.diagnostics, 18)[0]!, /^warning: the Digest Authorization is sent as written: it is not computed here/);
  assert.ok(plan.secrets.includes('s3cret') && plan.secrets.includes(encoded), 'the password and its encoding are secrets');
  assert.equal(form!.body, 'user=ada&password=s3cret&remember=true');
  assert.equal(search!.url, 'http://127.0.0.1:7505/search?q=fish%20%26%20chips%2F2&raw=fish & chips/2');
  assert.equal(graphql!.method, 'POST');
  assert.deepEqual(graphql!.headers, [['Content-Type', 'application/json']], 'X-Request-Type is not sent');
  assert.deepEqual(JSON.parse(graphql!.body as string), { query: 'query Item($id: ID!) {\n  item(id: $id) { name }\n}', variables: { id: '7' } });
});

test('JetBrains: the GRAPHQL method, {{$randomInt}} without bounds and the $random.* family', async () => {
  const plan = await planFixture(`${DIR}/jetbrains-graphql-random.http`);
  const [graphql, random] = plan.requests;
  assert.equal(graphql!.method, 'POST');
  assert.deepEqual(graphql!.headers, [['Content-Type', 'application/json']]);
  assert.deepEqual(JSON.parse(graphql!.body as string), { query: 'query {\n  books { title }\n}' });
  assert.deepEqual(random!.unresolved, ['$random.banana'], 'other $random.* names are unknown variables');
  assert.match(at(plan.diagnostics, 19)[0]!, /^warning: unknown dynamic variable '\$random\.banana'/);
  const body = (random!.body as string).replace('"{{$random.banana}}"', 'null');
  const v = JSON.parse(body) as Record<string, unknown>;
  assert.ok(Number.isInteger(v.int) && (v.int as number) >= 0 && (v.int as number) < 1000, String(v.int));
  assert.ok(typeof v.float === 'number' && v.float >= 1 && v.float < 2, String(v.float));
  assert.match(v.alpha as string, /^[A-Za-z]{6}$/);
  assert.match(v.alnum as string, /^\w{5}$/);
  assert.match(v.hex as string, /^[0-9a-f]{4}$/);
  assert.match(v.email as string, /^[a-z]+@[a-z]+\.com$/);
});

test('$random.* with bad arguments is an error that shows the form to write', async () => {
  const plan = await (await import('./helpers')).planText('GET http://127.0.0.1/?a={{$random.float(2, 1)}}&b={{$random.alphabetic(x)}}&c={{$random.email(3)}}\n', 'r.batch.http');
  assert.deepEqual(
    errors(plan.diagnostics).map((d) => d.message.split(',')[0]),
    ['$random.float needs two numbers with MIN < MAX', '$random.alphabetic needs a length from 0 to 10000', '$random.email takes no arguments'],
  );
});

test('httpYac: a body that starts with query/mutation is GraphQL; a text/plain one is not', async () => {
  const plan = await planFixture(`${DIR}/httpyac-graphql.http`);
  assert.deepEqual(errors(plan.diagnostics), []);
  const [mutation, plain] = plan.requests;
  assert.equal(mutation!.url, 'http://127.0.0.1:7507/graphql');
  assert.deepEqual(JSON.parse(mutation!.body as string), { query: 'mutation AddBook($title: String!) {\n  addBook(title: $title) {\n    id\n  }\n}', variables: { title: 'Dune' } });
  assert.deepEqual(mutation!.headers, [['Content-Type', 'application/json']]);
  assert.equal(plain!.body, 'query is just text here');
  assert.deepEqual(plain!.headers, [['Content-Type', 'text/plain']]);
});

test('httpYac .env files: variables below $shared, NAME.env below the named environment, NAME.env alone selectable', async () => {
  const file = `${DIR}/dotenv/api/items.http`;
  const root = join(FIXTURES, DIR, 'dotenv');
  const none = await planFixture(file, { workspaceRoot: root });
  assert.deepEqual(errors(none.diagnostics), []);
  assert.equal(none.requests[0]!.url, 'http://127.0.0.1:7508/items', 'baseUrl from the nearest .env');
  assert.deepEqual(none.requests[0]!.headers, [
    ['Authorization', 'Bearer json-shared-token'],
    ['X-Api-Key', 'k-12345'],
  ], '$shared of the JSON file wins over .env');
  assert.ok(none.secrets.includes('k-12345') && none.secrets.includes('http://127.0.0.1:7508'), '.env values are secrets');
  const staging = await planFixture(file, { workspaceRoot: root, environment: 'staging' });
  assert.equal(staging.requests[0]!.url, 'http://127.0.0.1:7509/items', 'env/staging.env, an environment that exists only as a .env file');
  const dev = await planFixture(file, { workspaceRoot: root, environment: 'dev' });
  assert.equal(dev.requests[0]!.url, 'http://127.0.0.1:7510/items');
  assert.deepEqual(await listEnvironments(join(FIXTURES, file), root, createNodeFileReader()), ['dev', 'staging']);
  await assert.rejects(planFixture(file, { workspaceRoot: root, environment: 'prod' }), /unknown environment 'prod'/);
  const untrusted = await planFixture(file, { workspaceRoot: root, processEnv: null });
  assert.deepEqual(untrusted.requests[0]!.unresolved, ['apiKey'], '.env files are not read in an untrusted workspace');
  assert.match(at(untrusted.diagnostics, 1)[0]!, /^error: the target '\/items' is relative/);
});

test('REST Client request values make a dependency; a bad path is an error on the reference', async () => {
  const text = [
    '# @name login',
    'POST http://127.0.0.1/login',
    'X-Id: 1',
    '',
    '###',
    'GET http://127.0.0.1/a?id={{login.request.headers.X-Id}}&b={{login.request.body.$.user}}',
    '',
    '###',
    'GET http://127.0.0.1/b?x={{login.request.body.user}}',
    '',
    '###',
    'GET http://127.0.0.1/c?x={{nobody.request.headers.X}}',
    '',
  ].join('\n');
  const plan = await (await import('./helpers')).planText(text, 'rv.batch.http');
  const [, a, b] = plan.requests;
  assert.deepEqual(a!.dependsOn, ['login']);
  assert.equal(a!.hasResponseRefs, true);
  assert.deepEqual(a!.unresolved, []);
  assert.deepEqual(b!.unresolved, ['login.request.body.user']);
  assert.match(at(plan.diagnostics, 9)[0]!, /^error: \{\{login\.request\.body\.user\}\}: the body path 'user' must be \*/);
  assert.ok(errors(plan.diagnostics).some((d) => d.line === 12 && /nobody/.test(d.message)), 'a request value of an unknown name is an error like a response reference');
});

test('OPTIONS * goes to the origin of its Host header or base: its URL is the origin then *', async () => {
  const { planText } = await import('./helpers');
  const hosted = await planText('OPTIONS *\nHost: 127.0.0.1:7511\n', 'o.batch.http');
  assert.deepEqual(hosted.diagnostics, []);
  assert.equal(hosted.requests[0]!.url, 'http://127.0.0.1:7511*');
  const based = await planText('@baseUrl = https://api.example.com:8443/v1/\n\n###\nOPTIONS * HTTP/1.1\n', 'o.batch.http');
  assert.deepEqual(errors(based.diagnostics), []);
  assert.equal(based.requests[0]!.url, 'https://api.example.com:8443*', 'the origin of the base: its path is left out');
  const schemed = await planText('OPTIONS *\nHost: https://127.0.0.1:9443\n', 'o.batch.http');
  assert.equal(schemed.requests[0]!.url, 'https://127.0.0.1:9443*');
});

test('the asterisk form is for OPTIONS only, and needs a base', async () => {
  const { planText } = await import('./helpers');
  const get = await planText('GET *\nHost: 127.0.0.1:7511\n', 'o.batch.http');
  assert.deepEqual(at(get.diagnostics, 1), ["error: the target '*' (the asterisk form) is for OPTIONS only, not GET; write a path such as '/'"]);
  const none = await planText('OPTIONS *\n', 'o.batch.http');
  assert.match(at(none.diagnostics, 1)[0]!, /^error: the target '\*' is relative/);
});

test('a line of no known tool names the tools it was checked against and what to write', () => {
  const doc = parseDocument('###\nsend http://127.0.0.1/x now\n');
  assert.match(at(doc.diagnostics, 2)[0]!, /^error: 'send' is not an HTTP method .* httpYac, REST Client, JetBrains or kulala .*write 'METHOD URL'/);
});

test('a GraphQL query right after the headers starts the body, with the blank-line warning', async () => {
  const plan = await (await import('./helpers')).planText('POST http://127.0.0.1/graphql\nContent-Type: application/json\nquery { me }\n', 'g.batch.http');
  assert.deepEqual(errors(plan.diagnostics), []);
  assert.deepEqual(JSON.parse(plan.requests[0]!.body as string), { query: 'query { me }' });
  assert.match(at(plan.diagnostics, 3)[0]!, /a blank line is missing/);
});

test('an indented header right after the request line stays a header, not a piece of the target', () => {
  const doc = parseDocument('GET http://127.0.0.1/a\n    Accept: application/json\n    X-Empty:\n');
  assert.deepEqual(errors(doc.diagnostics), []);
  assert.equal(doc.blocks[0]!.target, 'http://127.0.0.1/a');
  assert.deepEqual(doc.blocks[0]!.headers.map((h) => h.name.text), ['Accept', 'X-Empty']);
});

test('mutated files of other tools never make the parser or the planner fail, and positions stay in the text', async () => {
  const { readdirSync } = await import('node:fs');
  const { planText, seeded } = await import('./helpers');
  const names = readdirSync(join(FIXTURES, DIR)).filter((n) => n.endsWith('.http'));
  assert.ok(names.length >= 6);
  const rnd = seeded(1413);
  const pieces = ['###', 'GET /x', 'POST {{h}}/y', '    /more', '    &a=1 HTTP/1.1', 'HTTP/1.1 200 OK', 'run ./a.http', 'import ./b.http', 'fragment F on T {', '}', 'query { a }', 'GRAPHQL http://127.0.0.1/g', 'Authorization: Basic a b', 'Content-Type: application/x-www-form-urlencoded', 'X-Request-Type: GraphQL', '{{%v}} {{$random.float(1, 2)}} {{$randomInt}}', '@v := 1', '', 'OPTIONS *', 'GET http://127.0.0.1/a b c HTTP/2'];
  let plans = 0;
  for (const name of names) {
    const lines = fixtureText(`${DIR}/${name}`).split('\n');
    for (let i = 0; i < 60; i++) {
      const copy = lines.slice();
      for (let m = 0; m < 4; m++) {
        const at = Math.floor(rnd() * (copy.length + 1));
        const r = rnd();
        if (r < 0.4) copy.splice(at, 0, pieces[Math.floor(rnd() * pieces.length)]!);
        else if (r < 0.7) copy.splice(at, 1);
        else copy.splice(at, 0, copy[Math.floor(rnd() * copy.length)] ?? '');
      }
      const text = copy.join(rnd() < 0.3 ? '\r\n' : '\n');
      const doc = parseDocument(text);
      const lineCount = text.split('\n').length;
      for (const d of doc.diagnostics) {
        assert.ok(!d.message.startsWith('internal'), `${name}: ${d.message}\n${text}`);
        assert.ok(d.line >= 1 && d.line <= lineCount, `${name}: line ${d.line}: ${d.message}`);
      }
      if (i % 6 === 0) {
        const plan = await planText(text, `${DIR}/${name}`);
        plans++;
        assert.ok(!plan.diagnostics.some((d) => d.message.startsWith('internal')), plan.diagnostics.map((d) => d.message).join('; '));
      }
    }
  }
  assert.ok(plans >= 60);
});

// The package.json contributions agree with the code and with the ids other parts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { COMMAND_IDS, COMMANDS } from '../../src/extension/commandTable';
import { DEFAULT_USER_SETTINGS } from '../../src/extension/model/settings';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const contributes = pkg.contributes;

const EXPECTED_COMMANDS: Record<string, string> = {
  'batchHttp.runBatch': 'Run Batch',
  'batchHttp.runRequestAtCursor': 'Run Request at Cursor',
  'batchHttp.runSelected': 'Run Selected Requests',
  'batchHttp.cancel': 'Cancel Run',
  'batchHttp.rerunFailed': 'Rerun Failed Requests',
  'batchHttp.selectEnvironment': 'Select Environment',
  'batchHttp.setConcurrency': 'Set Concurrency',
  'batchHttp.showTraceLog': 'Show Trace Log',
  'batchHttp.exportResults': 'Export Results',
  'batchHttp.copyAsCurl': 'Copy Request as cURL',
  'batchHttp.copyDetail': 'Copy Value',
  'batchHttp.clearResults': 'Clear Results',
  'batchHttp.rerunRequest': 'Rerun',
  'batchHttp.goToRequest': 'Go to Request',
  'batchHttp.openResponse': 'Open Response',
  'batchHttp.openReport': 'Open Report',
  'batchHttp.exportForLoadTesting': 'Export for Load Testing…',
  'batchHttp.showFailedOnly': 'Show Failed Requests Only',
  'batchHttp.showAllRequests': 'Show All Requests',
};

test('commands: declared with the agreed ids, titles and category, and each one registered in code', () => {
  const declared = Object.fromEntries(contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
  assert.deepEqual(declared, EXPECTED_COMMANDS);
  for (const c of contributes.commands) assert.equal(c.category, 'Batch HTTP', c.command);
  // activate() registers exactly the command table, in one loop.
  const registered: string[] = Object.keys(COMMANDS);
  registered.sort();
  assert.deepEqual(registered, Object.keys(EXPECTED_COMMANDS).sort());
});

test('the command table has one handler per id and nothing else', () => {
  assert.deepEqual([...COMMAND_IDS].sort(), Object.keys(COMMANDS).sort());
  for (const id of COMMAND_IDS) assert.equal(typeof COMMANDS[id], 'function', id);
  assert.equal(new Set(COMMAND_IDS).size, contributes.commands.length, 'as many handlers as declared commands');
});

test('menus only name declared commands, and every command has a palette rule', () => {
  const ids = new Set(Object.keys(EXPECTED_COMMANDS));
  for (const [menu, items] of Object.entries(contributes.menus) as [string, { command: string; when?: string }[]][]) {
    for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  }
  const palette = new Set(contributes.menus.commandPalette.map((i: { command: string }) => i.command));
  // Show Trace Log applies everywhere; every other command has a `when` clause.
  for (const id of ids) if (id !== 'batchHttp.showTraceLog') assert.ok(palette.has(id), `commandPalette has a when clause for ${id}`);
  const context = contributes.menus['view/item/context'].map((i: { command: string }) => i.command);
  for (const id of ['batchHttp.rerunRequest', 'batchHttp.copyAsCurl', 'batchHttp.goToRequest']) assert.ok(context.includes(id), id);
});

test('language, grammar, view container and view use the agreed ids and existing files', () => {
  const [lang] = contributes.languages;
  assert.equal(lang.id, 'batch-http');
  assert.deepEqual(lang.extensions, ['.batch.http']);
  assert.equal(lang.aliases[0], 'Batch HTTP');
  for (const f of [lang.configuration, lang.icon.light, lang.icon.dark, contributes.grammars[0].path]) assert.ok(existsSync(f), f);
  assert.equal(contributes.grammars[0].embeddedLanguages['meta.embedded.block.json'], 'json');
  const lc = JSON.parse(readFileSync(lang.configuration, 'utf8'));
  assert.equal(lc.comments.lineComment, '#');
  assert.deepEqual(contributes.viewsContainers.activitybar, [{ id: 'batchHttp', title: 'Batch HTTP', icon: 'media/batch-http.svg' }]);
  assert.ok(existsSync('media/batch-http.svg'));
  assert.equal(contributes.views.batchHttp[0].id, 'batchHttp.results');
  assert.equal(contributes.views.batchHttp[0].name, 'Results');
});

test('activation is on the language and the view only; limited support in untrusted workspaces', () => {
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.ok(!pkg.activationEvents.some((e: string) => e === 'onStartupFinished'));
  assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:batch-http', 'onLanguage:http', 'onView:batchHttp.results', 'onWebviewPanel:batchHttp.report']);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

// REST Client's default chords (humao.rest-client): Ctrl+Alt (Cmd+Alt on macOS) with R (send),
// L (rerun last), K (cancel), E (switch environment), H (history), C (code snippet).
const REST_CLIENT_CHORDS = ['r', 'l', 'k', 'e', 'h', 'c'].flatMap((k) => [`ctrl+alt+${k}`, `cmd+alt+${k}`]);

test("keybindings: run request at cursor and run batch, on the editor's files only, none of REST Client's", () => {
  const bindings = contributes.keybindings as { command: string; key: string; mac?: string; when?: string }[];
  assert.deepEqual(bindings.map((b) => b.command).sort(), ['batchHttp.runBatch', 'batchHttp.runRequestAtCursor']);
  const chord = (k: string): string => k.toLowerCase().split('+').sort().join('+');
  const theirs = new Set(REST_CLIENT_CHORDS.map(chord));
  const ours = bindings.flatMap((b) => [b.key, b.mac ?? b.key]).map(chord);
  assert.equal(new Set(ours).size, ours.length, `each binding has its own chord: ${JSON.stringify(ours)}`);
  for (const c of ours) assert.ok(!theirs.has(c), `${c} is one of REST Client's chords`);
  for (const b of bindings) assert.match(b.when ?? '', /editorTextFocus && \(editorLangId == batch-http \|\| resourceExtname == \.http \|\| resourceExtname == \.rest\)/, `${b.command} only in our files' editors`);
});

test('settings are declared with the defaults the code falls back to', () => {
  const props = contributes.configuration.properties;
  const expected: Record<string, unknown> = {
    'batchHttp.concurrency': DEFAULT_USER_SETTINGS.concurrency,
    'batchHttp.perHost': DEFAULT_USER_SETTINGS.perHost,
    'batchHttp.timeout': DEFAULT_USER_SETTINGS.timeoutMs,
    'batchHttp.retries': DEFAULT_USER_SETTINGS.retries,
    'batchHttp.rateLimit': DEFAULT_USER_SETTINGS.rateLimit,
    'batchHttp.followRedirects': DEFAULT_USER_SETTINGS.followRedirects,
    'batchHttp.maxBodyBytes': DEFAULT_USER_SETTINGS.maxBodyBytes,
    'batchHttp.rejectUnauthorized': DEFAULT_USER_SETTINGS.rejectUnauthorized,
    'batchHttp.http2': DEFAULT_USER_SETTINGS.http2,
    'batchHttp.environment': DEFAULT_USER_SETTINGS.environment,
    'batchHttp.keepRuns': DEFAULT_USER_SETTINGS.keepRuns,
    'batchHttp.codeLens.enabled': DEFAULT_USER_SETTINGS.codeLensEnabled,
    'batchHttp.traceparent': DEFAULT_USER_SETTINGS.traceparent,
    'batchHttp.codeLens.plainHttp': DEFAULT_USER_SETTINGS.plainHttpLens,
    'batchHttp.circuitBreaker': DEFAULT_USER_SETTINGS.circuitBreaker,
    'batchHttp.showResponse': DEFAULT_USER_SETTINGS.showResponse,
    'batchHttp.revealResults': DEFAULT_USER_SETTINGS.revealResults,
  };
  assert.deepEqual(Object.keys(props).sort(), Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(props[key].default, value, key);
});

test('the .vsix allow-list ships what runs and nothing else', () => {
  const lines = readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim());
  assert.equal(lines.find((l) => l && !l.startsWith('#')), '**');
  for (const keep of ['!dist/extension.js', '!media/**', '!syntaxes/**', '!language-configuration.json', '!package.json', '!README.md', '!CHANGELOG.md', '!LICENSE']) {
    assert.ok(lines.includes(keep), keep);
  }
  assert.match(pkg.scripts.package, /node esbuild\.js --production && vsce package --no-dependencies/);
  // Every sibling file the built extension requires (the vendored packages) ships with it.
  const siblings = [...readFileSync('dist/extension.js', 'utf8').matchAll(/require\("\.\/([\w.-]+\.js)"\)/g)].map((m) => m[1]);
  assert.ok(siblings.includes('tough-cookie.js') && siblings.includes('xmldom.js'), `vendored files required: ${siblings.join(', ')}`);
  for (const file of siblings) assert.ok(lines.includes(`!dist/${file}`), `dist/${file} is in the .vsix`);
});

// Export and cookies: Artillery and k6 keep cookies by default (one jar per virtual user),
// and the notes say so; @no-cookie-jar and @http2 are listed as not carried over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exported, workspace } from './fixture';

const TEXT = ['# @http2', '# @no-cookie-jar', '', '### login', 'POST {{host}}/login', '', '### me', '# @no-cookie-jar', 'GET {{host}}/me', ''].join('\n');

test('both engines: the cookie note in the notes and the file header; @no-cookie-jar and @http2 noted', async () => {
  const ws = await workspace(TEXT);
  try {
    for (const [engine, name] of [['k6', 'k6'], ['artillery', 'Artillery']] as const) {
      const out = await exported(ws, TEXT, engine);
      const messages = out.notes.map((n) => `${n.line ?? '-'} ${n.message}`);
      const cookie = out.notes.find((n) => n.message.startsWith('cookies:'));
      assert.ok(cookie?.message.includes(`${name} keeps the cookies servers set`), messages.join('\n'));
      assert.ok(out.files[0]!.content.includes(cookie!.message), 'listed in the header of the generated file');
      assert.ok(messages.some((m) => m.startsWith('1 @http2 is not carried over')), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith('2 @no-cookie-jar is not carried over')), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith("8 @no-cookie-jar is not carried over: this request sends and stores")), messages.join('\n'));
    }
  } finally {
    await ws.cleanup();
  }
});

test("both engines: 'OPTIONS *' is exported as 'OPTIONS /' to the same origin, with a note", async () => {
  const text = ['###', 'OPTIONS *', 'Host: 127.0.0.1:7511', ''].join('\n');
  const ws = await workspace(text);
  try {
    for (const engine of ['k6', 'artillery'] as const) {
      const out = await exported(ws, text, engine);
      assert.ok(out.notes.some((n) => n.line === 2 && n.message.startsWith("'OPTIONS *' (the asterisk form) cannot be sent by k6 or Artillery")), engine);
      const content = out.files[0]!.content;
      // The fixture's environment defines `host`, which comes before the Host header.
      assert.ok(engine === 'k6' ? content.includes('http.request("OPTIONS", vars.host + "/"') : /url: "?\{\{ host \}\}\/"?\n/.test(content), `${engine}: ${content}`);
    }
  } finally {
    await ws.cleanup();
  }
});

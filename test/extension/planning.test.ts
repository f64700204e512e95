// The editor's planning path without the editor: the cached parse goes to the core's
// planDocument (never a second parse), with the settings as defaults and Set Concurrency
// as an override.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { parseDocument, planDocument } from '../../src/core/parser/index';
import type { FileReader } from '../../src/core/types';
import type { CoreApi, ParsedDocumentView, PlanRequestOptions } from '../../src/extension/core';
import { planParsed } from '../../src/extension/model/planning';
import { DEFAULT_USER_SETTINGS } from '../../src/extension/model/settings';
import { ParseCache } from '../../src/extension/parseCache';

const noFiles: FileReader = {
  readFile: async (p) => {
    throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
  },
  exists: async () => false,
};

const TEXT = '# @timeout 2s\n\n###\nGET http://127.0.0.1:1/a\n';

/** A core that counts parses and records what planDocument was given. */
function countingCore() {
  const calls = { parses: 0, plans: [] as { parsed: ParsedDocumentView; options: PlanRequestOptions }[] };
  const core = {
    parseDocument: (text: string) => {
      calls.parses++;
      return parseDocument(text);
    },
    planDocument: (text: string, parsed: ParsedDocumentView, options: PlanRequestOptions) => {
      calls.plans.push({ parsed, options });
      return planDocument(text, parsed, options);
    },
    isUnknownEnvironment: () => false,
  } satisfies Partial<CoreApi>;
  return { core, calls };
}

function fakeDocument(text: string, version: number): vscode.TextDocument {
  return { uri: { toString: () => 'file:///w/a.batch.http' }, version, getText: () => text } as unknown as vscode.TextDocument;
}

test('planning a document uses the parse cached for its version', async () => {
  const { core, calls } = countingCore();
  const parses = new ParseCache(core as unknown as CoreApi);
  const doc = fakeDocument(TEXT, 1);
  const cached = parses.get(doc);
  const input = { filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null, settings: DEFAULT_USER_SETTINGS, explicit: {}, files: noFiles, processEnv: null };
  for (let i = 0; i < 2; i++) {
    const outcome = await planParsed(core, { ...input, text: doc.getText(), parsed: parses.get(doc) });
    assert.ok(outcome.ok);
    assert.equal(outcome.parsed, cached);
  }
  assert.equal(calls.parses, 1, 'parsed once for the version, planned twice');
  assert.equal(calls.plans.length, 2);
  assert.ok(calls.plans.every((c) => c.parsed === cached), 'planDocument got the cached parse');
  parses.get(fakeDocument(TEXT, 2));
  assert.equal(calls.parses, 2, 'a new version is parsed again');
});

test('settings are the defaults layer and Set Concurrency the override', async () => {
  const { core, calls } = countingCore();
  const settings = { ...DEFAULT_USER_SETTINGS, concurrency: 20, timeoutMs: 9000, retries: 0, rateLimit: 5, followRedirects: false };
  const outcome = await planParsed(core, {
    text: TEXT, parsed: parseDocument(TEXT), filePath: '/w/a.batch.http', workspaceRoot: '/w', environment: null,
    settings, explicit: { concurrency: 3 }, files: noFiles, processEnv: null,
  });
  assert.ok(outcome.ok);
  assert.deepEqual(calls.plans[0]?.options.defaults, { concurrency: 20, timeoutMs: 9000, retries: 0, rate: 5, followRedirects: false });
  assert.deepEqual(calls.plans[0]?.options.overrides, { concurrency: 3 });
  assert.equal(outcome.plan.settings.concurrency, 3);
  assert.equal(outcome.plan.settings.timeoutMs, 2000, 'the header @timeout wins over the setting');
  assert.equal(outcome.plan.settings.rate, 5);
  assert.equal(outcome.plan.requests[0]?.followRedirects, false);
});

test('an unknown environment and error diagnostics are outcomes, not throws', async () => {
  const failing = { planDocument: () => Promise.reject(new Error('no env')), isUnknownEnvironment: () => true };
  const base = { text: TEXT, parsed: parseDocument(TEXT), filePath: '/w/a.batch.http', workspaceRoot: '/w', settings: DEFAULT_USER_SETTINGS, explicit: {}, files: noFiles, processEnv: null };
  assert.deepEqual(await planParsed(failing, { ...base, environment: 'prod' }), { ok: false, reason: 'unknown-environment', environment: 'prod' });
  await assert.rejects(planParsed(failing, { ...base, environment: null }), /no env/);
  const bad = 'GET http://127.0.0.1:1/{{missing.response.body.x}}\n';
  const outcome = await planParsed({ planDocument, isUnknownEnvironment: () => false }, { ...base, text: bad, parsed: parseDocument(bad), environment: null });
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.reason, 'errors');
});

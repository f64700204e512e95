// buildPlan parses a file block by block while it plans it; planDocument plans a document
// parsed whole by parseDocument. Both must give the same plan, diagnostics included, for
// every file: the fixtures, the example and a few hundred fuzz inputs. Leaving the block
// summaries out (as the CLI does) changes nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPlan, parseDocument, planDocument, type PlanOptions } from '../../../src/core/parser';
import { DocumentParser } from '../../../src/core/parser/document';
import { createNodeFileReader } from '../../../src/core/system';
import { fuzzFiles } from '../../support/fuzz/check';
import { fuzzInput } from '../../support/fuzz/inputs';
import { FIXED_DATE, FIXTURES, seeded } from './helpers';

const FUZZ_INPUTS = 300;

/** Every .http file under `dir`, recursively. */
function httpFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...httpFiles(path));
    else if (name.endsWith('.http')) out.push(path);
  }
  return out;
}

/** Options with a fresh seeded random source and a fixed clock: two runs see the same values. */
function options(filePath: string, workspaceRoot: string, extra: Partial<PlanOptions>): PlanOptions {
  return {
    filePath,
    workspaceRoot,
    files: createNodeFileReader(),
    processEnv: { HOME: '/home/test' },
    clock: { now: () => 0, date: () => new Date(FIXED_DATE) },
    random: seeded(42),
    ...extra,
  };
}

async function assertSamePlan(text: string, make: () => PlanOptions, label: string): Promise<void> {
  const incremental = await buildPlan(text, make());
  const whole = await planDocument(text, parseDocument(text), make());
  assert.deepEqual(incremental, whole, label);
}

test('buildPlan gives the same plan and diagnostics as planning the whole parsed document (fixtures, example)', async () => {
  const files = [...httpFiles(FIXTURES), ...httpFiles(resolve('examples'))];
  assert.ok(files.length >= 25, String(files.length));
  let requests = 0;
  let diagnostics = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const dir = resolve(file, '..');
    await assertSamePlan(text, () => options(file, dir, {}), file);
    const plan = await buildPlan(text, options(file, dir, {}));
    requests += plan.requests.length;
    diagnostics += plan.diagnostics.length;
    // Without block summaries: the same plan, less the summaries.
    assert.deepEqual(await buildPlan(text, options(file, dir, { blockSummaries: false })), { ...plan, blocks: [] }, file);
  }
  // The corpus has both: requests to compare, and diagnostics of every kind.
  assert.ok(requests > 100, String(requests));
  assert.ok(diagnostics > 100, String(diagnostics));
});

test(`buildPlan gives the same plan and diagnostics as planning the whole parsed document (${FUZZ_INPUTS} fuzz inputs)`, async () => {
  const files = fuzzFiles('/fuzz');
  let withRequests = 0;
  for (let i = 0; i < FUZZ_INPUTS; i++) {
    const { text } = fuzzInput(20261122, i);
    const make = (): PlanOptions => ({ ...options('/fuzz/main.batch.http', '/fuzz', {}), files, environment: i % 3 === 0 ? 'dev' : null });
    await assertSamePlan(text, make, `fuzz input ${i}: ${JSON.stringify(text)}`);
    if ((await buildPlan(text, make())).requests.length > 0) withRequests++;
  }
  assert.ok(withRequests > FUZZ_INPUTS / 4, String(withRequests));
});

test('planDocument leaves the parsed document as it was', async () => {
  const text = readFileSync(join(FIXTURES, 'variables.batch.http'), 'utf8');
  const doc = parseDocument(text);
  // Templates keep their split parts once used (a cache, `split`): not a change of the document.
  const snapshot = (): string => JSON.stringify(doc, (k, v: unknown) => (k === 'split' ? undefined : v));
  const before = snapshot();
  const blocks = [...doc.blocks];
  const plan = await planDocument(text, doc, options(join(FIXTURES, 'variables.batch.http'), FIXTURES, {}));
  assert.ok(plan.requests.length > 0);
  assert.equal(snapshot(), before);
  assert.deepEqual(doc.blocks, blocks);
});

test('reading block by block holds one parsed block at a time and ends like parseDocument', () => {
  const text = readFileSync(join(FIXTURES, 'repeat-foreach.batch.http'), 'utf8') + '\n' + readFileSync(join(FIXTURES, 'separators.batch.http'), 'utf8');
  const doc = parseDocument(text);
  const parser = new DocumentParser(text);
  const seen = [];
  for (let b = parser.nextBlock(); b !== null; b = parser.nextBlock()) {
    assert.equal(parser.blocks.length, 0, 'no other block is kept');
    seen.push(b);
  }
  assert.ok(seen.length >= 5, String(seen.length));
  assert.deepEqual(JSON.parse(JSON.stringify(seen)), JSON.parse(JSON.stringify(doc.blocks)));
  assert.deepEqual(parser.variables, doc.variables);
  assert.deepEqual(parser.batchSettings, doc.batchSettings);
  assert.equal(parser.nextBlock(), null);
});

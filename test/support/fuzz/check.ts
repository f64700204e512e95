// Runs one fuzz input through parseDocument and buildPlan and lists what went wrong:
// a throw, a position out of range, or a plan that does not hold together.
import { buildPlan, parseDocument } from '../../../src/core/parser/index';
import type { FileReader } from '../../../src/core/types';
import { positionProblems } from './positions';

const enc = new TextEncoder();

/** Files the generated documents refer to, held in memory. */
export function fuzzFiles(dir: string): FileReader {
  const files = new Map<string, Uint8Array>([
    [`${dir}/body.bin`, new Uint8Array([0, 1, 2, 255, 254])],
    [`${dir}/tpl.txt`, enc.encode('hello {{id}} {{$uuid}}\n')],
    [`${dir}/data.csv`, enc.encode('id,name\n1,a\n2,"b, c"\n3,\n')],
    [`${dir}/data.json`, enc.encode('[{"id": 1}, {"id": 2, "name": "x"}]')],
    [`${dir}/http-client.env.json`, enc.encode('{"dev": {"host": "http://127.0.0.1:1"}, "$shared": {"token": "t0k3n"}}')],
    [`${dir}/.env`, enc.encode('SECRET=dotenv-secret\n')],
  ]);
  return {
    async readFile(path: string): Promise<Uint8Array> {
      const data = files.get(path.replace(/\\/g, '/'));
      if (data) return data;
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    },
    async exists(path: string): Promise<boolean> {
      return files.has(path.replace(/\\/g, '/'));
    },
  };
}

const DIR = '/fuzz';
const FILES = fuzzFiles(DIR);

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
}

export function checkParse(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseDocument(text);
  } catch (err) {
    return [`parseDocument threw ${describeError(err)}`];
  }
  if (doc === null || typeof doc !== 'object') return [`parseDocument returned ${String(doc)}`];
  return positionProblems(text, doc).map((p) => `parseDocument: ${p}`);
}

export async function checkPlan(text: string): Promise<string[]> {
  let plan;
  try {
    plan = await buildPlan(text, {
      filePath: `${DIR}/main.batch.http`,
      workspaceRoot: DIR,
      environment: null,
      files: FILES,
      processEnv: { HOME: '/home/fuzz' },
      random: () => 0.5,
    });
  } catch (err) {
    return [`buildPlan threw ${describeError(err)}`];
  }
  const out = positionProblems(text, { diagnostics: plan.diagnostics, blocks: plan.blocks, requests: plan.requests }).map((p) => `buildPlan: ${p}`);
  plan.requests.forEach((r, i) => {
    if (r.index !== i) out.push(`buildPlan: requests[${i}].index = ${r.index}`);
    if (r.blockIndex < 0 || r.blockIndex >= plan.blocks.length) out.push(`buildPlan: requests[${i}].blockIndex ${r.blockIndex} of ${plan.blocks.length} blocks`);
  });
  for (const d of plan.diagnostics) if (typeof d.message !== 'string' || d.message.length === 0) out.push('buildPlan: a diagnostic without a message');
  return out;
}

export async function checkInput(text: string): Promise<string[]> {
  return [...checkParse(text), ...(await checkPlan(text))];
}

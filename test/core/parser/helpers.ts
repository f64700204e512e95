// Shared by the parser tests: planning fixtures from test/fixtures/parser with a fixed
// clock and a seeded random source, so every run gives the same values.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPlan, type PlanOptions } from '../../../src/core/parser';
import { createNodeFileReader } from '../../../src/core/system';
import type { BatchPlan, Diagnostic } from '../../../src/core/types';
import { createRng } from '../../support/prng';

export const FIXTURES = resolve('test/fixtures/parser');
export const FIXED_DATE = new Date(Date.UTC(2026, 10, 22, 9, 35, 19, 123));

/** A deterministic [0, 1) generator (mulberry32, shared with the reliability suite). */
export function seeded(seed: number): () => number {
  return createRng(seed).next;
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export async function planText(text: string, file: string, options: Partial<PlanOptions> = {}): Promise<BatchPlan> {
  return buildPlan(text, {
    filePath: join(FIXTURES, file),
    workspaceRoot: FIXTURES,
    files: createNodeFileReader(),
    processEnv: {},
    clock: { now: () => 0, date: () => new Date(FIXED_DATE) },
    random: seeded(42),
    ...options,
  });
}

export async function planFixture(name: string, options: Partial<PlanOptions> = {}): Promise<BatchPlan> {
  return planText(fixtureText(name), name, options);
}

export function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

export function warnings(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'warning');
}

/** The diagnostics on a line, as "severity: message". */
export function at(diags: readonly Diagnostic[], line: number): string[] {
  return diags.filter((d) => d.line === line && d.file === undefined).map((d) => `${d.severity}: ${d.message}`);
}

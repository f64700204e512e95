// The files and readers of features-third.test.ts (issue 19, items 3 and 10 in the real
// editor): a file with a variable and a named request used by a response reference (go to
// definition, and the load-test export), a file of three requests (the keybindings), and a
// run of uniform latencies (the report: a waterfall click, the p95/p99 labels). Plus what the
// test reads inside the report webview: a bar's point and where the latency labels were drawn.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { DrawnLabel } from '../../../src/core/report/mark-labels';

export const THIRD_FILES = {
  defs: 'defs.batch.http',
  keys: 'keys.batch.http',
  report: 'report.batch.http',
} as const;

/** 1-based lines of the files below that the test aims at. */
export const THIRD_LINES = {
  /** `@user = alice` */
  userDefined: 2,
  /** `# @name login` */
  loginNamed: 5,
  /** The body that uses `{{user}}`. */
  userUsed: 9,
  /** The request that uses `{{login.response.body.$.id}}`. */
  loginUsed: 12,
  /** "Key two"'s request line in keys.batch.http. */
  keyTwo: 8,
  /** The `@repeat` request's line in report.batch.http. */
  steady: 9,
} as const;

/**
 * Copies of the report file's `@repeat` request, all answered after the same delay. With the
 * warm-up, 13 requests: the nearest-rank p95 and p99 are both the slowest one, so their marks
 * stand on the same x (the case where their labels would be drawn on top of each other).
 */
export const STEADY_COPIES = 12;
export const STEADY_DELAY_MS = 60;

function defsLines(origin: string): string[] {
  return [
    `@host = ${origin}`,
    '@user = alice',
    '',
    '### Log in',
    '# @name login',
    'POST {{host}}/users',
    'Content-Type: application/json',
    '',
    '{"user": "{{user}}"}',
    '',
    '### Profile',
    'GET {{host}}/users/{{login.response.body.$.id}}',
    '',
  ];
}

export async function writeThirdFiles(dir: string, origin: string): Promise<void> {
  const keys = ['# @concurrency 1', `@host = ${origin}`, '', '### Key one', 'GET {{host}}/users/11', '', '### Key two', 'GET {{host}}/users/12', '', '### Key three', 'GET {{host}}/users/13', ''];
  const report = ['# @concurrency 5', `@host = ${origin}`, '', '### Warm up', 'GET {{host}}/users/21', '', '### Steady', `# @repeat ${STEADY_COPIES}`, `GET {{host}}/slow?ms=${STEADY_DELAY_MS}&i={{$index}}`, ''];
  await writeFile(join(dir, THIRD_FILES.defs), defsLines(origin).join('\n'));
  await writeFile(join(dir, THIRD_FILES.keys), keys.join('\n'));
  await writeFile(join(dir, THIRD_FILES.report), report.join('\n'));
}

/** Whether two boxes share any area (touching edges do not). */
export function boxesOverlap(a: DrawnLabel, b: DrawnLabel): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** Where the report page drew the latency chart's percentile labels (through its hook). */
export async function latencyLabels(frame: Frame): Promise<DrawnLabel[]> {
  return frame.evaluate<DrawnLabel[]>('window.__batchHttpReport.latencyLabels()');
}

/** Where request `index`'s bar is, in CSS px from the timeline's top-left corner (null: no such row). */
export async function barPoint(frame: Frame, index: number): Promise<{ x: number; y: number } | null> {
  return frame.evaluate<{ x: number; y: number } | null>(`window.__batchHttpReport.rowPoint(${index})`);
}

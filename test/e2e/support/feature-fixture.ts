// The files of the feature end-to-end test (features.test.ts), aimed at the feature server:
// `??` assertions (issue 15), `@until` polling and a `@first` group (16), `@concurrency auto`
// and a fixed cap changed mid-run (17), a file with one broken block (14), and environment
// files (19). The line numbers the test checks are noted next to the lines.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FEATURE_FILES = {
  assertions: 'assertions.batch.http',
  jobs: 'jobs.batch.http',
  first: 'first.batch.http',
  auto: 'auto.batch.http',
  held: 'held.batch.http',
  mixed: 'mixed.batch.http',
  typing: 'typing.batch.http',
  plain: 'plain.http',
} as const;

/** Requests of the held files (each held by the server until the test releases them). */
export const HELD_COUNT = 10;
/** The fixed cap of held.batch.http, and what Set Concurrency raises it to mid-run. */
export const HELD_CONCURRENCY = 2;
export const RAISED_CONCURRENCY = 8;
/** Then lowered to this: the requests in flight finish, and nothing starts until fewer are in flight. */
export const LOWERED_CONCURRENCY = 3;
/** `@repeat 5` + `@first 2` mirrors: the first two answer at once, the other three never would. */
export const MIRRORS = 5;
export const FIRST = 2;

/** 1-based lines of the `??` lines of assertions.batch.http. */
export const ASSERTION_LINES = { passingStatus: 7, passingCount: 8, failingStatus: 12, failingState: 13 };
/** The request line of mixed.batch.http's broken block, and the line of the valid request. */
export const MIXED_LINES = { valid: 5, broken: 8 };

export async function writeFeatureFiles(dir: string, origin: string): Promise<void> {
  const assertions = [
    '# @concurrency 2', // 1
    '# @retries 0', // 2
    `@host = ${origin}`, // 3
    '', // 4
    '### Checked and passing', // 5
    'GET {{host}}/check?n=1', // 6
    '?? status == 200', // 7
    '?? body $.count == 3', // 8
    '', // 9
    '### Checked and failing', // 10
    'GET {{host}}/check?n=2', // 11
    '?? status == 200', // 12
    '?? body $.state == done', // 13
    '',
  ];
  const jobs = [
    '# @concurrency 2',
    '# @timeout 10s',
    '# @retries 0',
    `@host = ${origin}`,
    '',
    '### Submit the job',
    '# @name job',
    'POST {{host}}/jobs',
    'Content-Type: application/json',
    '',
    '{"size": 5}',
    '',
    '### Wait until done',
    '# @name status',
    '# @until body $.state == done',
    '# @poll-interval 300ms',
    '# @poll-timeout 120s',
    'GET {{host}}/jobs/{{job.response.body.$.id}}',
    '',
    '### Fetch the result',
    '# @depends-on status',
    'GET {{host}}/jobs/{{job.response.body.$.id}}/result',
    '?? body $.size == 5',
    '',
  ];
  const first = [
    '# @concurrency 8',
    '# @timeout 90s',
    '# @retries 0',
    '',
    '### Ask five mirrors, keep the first two',
    `# @repeat ${MIRRORS}`,
    `# @first ${FIRST}`,
    `GET ${origin}/mirror?i={{$index}}`,
    '',
  ];
  const held = (concurrency: string, title: string): string[] => [
    `# @concurrency ${concurrency}`,
    '# @timeout 120s',
    '# @retries 0',
    '',
    `### ${title}`,
    `# @repeat ${HELD_COUNT}`,
    `GET ${origin}/held?i={{$index}}`,
    '',
  ];
  const mixed = [
    '# @concurrency 2', // 1
    `@host = ${origin}`, // 2
    '', // 3
    '### Valid one', // 4
    'GET {{host}}/valid', // 5
    '', // 6
    '### Broken one', // 7
    'GET {{host}}/broken', // 8
    'this line is not a header', // 9
    '',
  ];
  await writeFile(join(dir, FEATURE_FILES.assertions), assertions.join('\n'));
  await writeFile(join(dir, FEATURE_FILES.jobs), jobs.join('\n'));
  await writeFile(join(dir, FEATURE_FILES.first), first.join('\n'));
  await writeFile(join(dir, FEATURE_FILES.auto), held('auto', 'Held (auto)').join('\n'));
  await writeFile(join(dir, FEATURE_FILES.held), held(String(HELD_CONCURRENCY), 'Held').join('\n'));
  await writeFile(join(dir, FEATURE_FILES.mixed), mixed.join('\n'));
  // Completion and hover (issue 19, item 3), and a plain .http file (item 9).
  await writeFile(join(dir, FEATURE_FILES.typing), [`@host = ${origin}`, '', '### Typed', 'GET {{host}}/typed', ''].join('\n'));
  await writeFile(join(dir, FEATURE_FILES.plain), [`GET ${origin}/plain`, 'Accept: application/json', ''].join('\n'));
  // Two environments for the status bar item (issue 19, item 5).
  await writeFile(join(dir, 'http-client.env.json'), JSON.stringify({ local: { host: origin }, staging: { host: 'http://127.0.0.1:9' } }, null, 2));
}

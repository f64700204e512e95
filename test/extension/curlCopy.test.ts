import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curlCopiedMessage, lastRunOf, runRequestViews } from '../../src/extension/model/curlCopy';
import { RunRecord } from '../../src/extension/model/runModel';
import { planned, result, runReport } from './fixtures';

test('the message: information when complete; a warning naming what was left in, and what to do', () => {
  assert.deepEqual(curlCopiedMessage('Login', [], 'tree'), { warning: false, text: 'Batch HTTP: copied "Login" as a cURL command.' });
  const w = curlCopiedMessage('Order', ['{{login.response.body.$.token}}'], 'editor');
  assert.equal(w.warning, true);
  assert.match(w.text, /with \{\{login\.response\.body\.\$\.token\}\} left as written: run the requests they name first/);
  const many = curlCopiedMessage('X', ['{{a}}', '{{b}}', '{{c}}', '{{d}}', '{{e}}'], 'tree');
  assert.match(many.text, /\{\{a\}\}, \{\{b\}\}, \{\{c\}\} and 2 more left as written: the requests they name got no response in this run/);
});

function record(id: string, file: string, done: boolean): RunRecord {
  const run = new RunRecord({ id, file, startedAt: new Date(0), secrets: [], requests: [planned(0, { name: 'login' }), planned(1)] });
  if (done) run.finish(runReport([result(0, 'succeeded'), result(1, 'succeeded')]));
  return run;
}

test('the editor takes response values from the newest ended run of the same file', () => {
  const runs = [record('going', '/w/a.batch.http', false), record('other', '/w/b.batch.http', true), record('last', '/w/a.batch.http', true), record('older', '/w/a.batch.http', true)];
  assert.equal(lastRunOf(runs, '/w/a.batch.http')?.id, 'last');
  assert.equal(lastRunOf(runs, '/w/c.batch.http'), undefined);
});

test('a run\'s requests pair each plan with its result', () => {
  const run = record('r', '/w/a.batch.http', true);
  run.apply({ type: 'finished', index: 0, result: result(0, 'succeeded'), atMs: 1 });
  const views = runRequestViews(run);
  assert.equal(views.length, 2);
  assert.equal(views[0]!.planned.name, 'login');
  assert.equal(views[0]!.result?.status, 200);
});

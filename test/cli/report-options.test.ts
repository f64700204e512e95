// `--reporter R [-o FILE]` pairs (cli.md, second round), parsed from the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from '../../src/cli/commands/run';
import { UsageError } from '../../src/cli/usage';

function reports(...args: string[]) {
  return parseRunArgs(['f.batch.http', ...args])!.reports;
}

function usageMessage(...args: string[]): string {
  try {
    parseRunArgs(['f.batch.http', ...args]);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message.split('\n')[0]!;
  }
  return assert.fail(`no usage error for ${args.join(' ')}`);
}

test('one report: pretty on stdout by default, -o alone writes it to a file', () => {
  assert.deepEqual(reports(), [{ reporter: 'pretty', output: null }]);
  assert.deepEqual(reports('-o', 'r.txt'), [{ reporter: 'pretty', output: 'r.txt' }]);
  assert.deepEqual(reports('--reporter', 'openmetrics'), [{ reporter: 'openmetrics', output: null }]);
  assert.deepEqual(reports('--output=r.prom', '--reporter=openmetrics'), [{ reporter: 'openmetrics', output: 'r.prom' }]);
});

test('each -o belongs to the --reporter before it; an -o before the first --reporter to that one', () => {
  assert.deepEqual(reports('--reporter', 'json', '-o', 'r.json', '--reporter', 'junit', '-o', 'r.xml', '--reporter', 'openmetrics', '-o', 'm.prom', '--reporter', 'html', '-o', 'r.html'), [
    { reporter: 'json', output: 'r.json' },
    { reporter: 'junit', output: 'r.xml' },
    { reporter: 'openmetrics', output: 'm.prom' },
    { reporter: 'html', output: 'r.html' },
  ]);
  assert.deepEqual(reports('-o', 'r.json', '--reporter', 'json', '-c', '2', '--reporter', 'junit', '-o', 'r.xml'), [
    { reporter: 'json', output: 'r.json' },
    { reporter: 'junit', output: 'r.xml' },
  ]);
  assert.deepEqual(reports('--reporter', 'json', '-o', 'r.json', '--reporter', 'pretty'), [
    { reporter: 'json', output: 'r.json' },
    { reporter: 'pretty', output: null },
  ], 'one report may stay on stdout');
});

test('usage errors: two reports on stdout, two files for one report, one file for two, an unknown reporter', () => {
  assert.match(usageMessage('--reporter', 'json', '--reporter', 'junit'), /json and junit would both go to stdout/);
  assert.match(usageMessage('--reporter', 'json', '-o', 'a', '--reporter', 'junit', '--reporter', 'html'), /junit and html would both go to stdout/);
  assert.match(usageMessage('--reporter', 'json', '-o', 'a.json', '-o', 'b.json'), /--reporter json has two output files \('a.json' and 'b.json'\)/);
  assert.match(usageMessage('-o', 'a.json', '--reporter', 'json', '-o', 'b.json'), /--reporter json has two output files/);
  assert.match(usageMessage('--reporter', 'json', '-o', 'r', '--reporter', 'junit', '-o', './r'), /both write '.\/r'/);
  assert.match(usageMessage('--reporter', 'xml'), /--reporter must be pretty, json, junit, html or openmetrics, not 'xml'/);
  assert.match(usageMessage('-o', ''), /-o, --output needs a FILE/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circuitGroupText, circuitReason, groupCircuitOpen, type CircuitGroup } from '../../src/extension/model/circuitGroups';

interface Row {
  id: number;
  url: string;
  result: { error: { code: string; message: string } | null } | null;
}

const open = (id: number, origin: string): Row => ({
  id,
  url: `${origin}/x/${id}`,
  result: { error: { code: 'CIRCUIT_OPEN', message: `5 connections refused in a row to ${origin} (last: connection refused by ${origin}: is the server running?); not sent: requests to it fail at once for 10 s` } },
});
const refused = (id: number, origin: string): Row => ({ id, url: `${origin}/x/${id}`, result: { error: { code: 'CONNECTION_REFUSED', message: 'connection refused' } } });
const ok = (id: number, origin: string): Row => ({ id, url: `${origin}/x/${id}`, result: { error: null } });

test('CIRCUIT_OPEN rows of one origin go under one group where the first stood; the causes stay rows', () => {
  const a = 'http://127.0.0.1:1';
  const b = 'http://127.0.0.1:2';
  const rows = [refused(0, a), refused(1, a), ok(2, b), open(3, a), ok(4, b), open(5, a), open(6, a)];
  const out = groupCircuitOpen(rows);
  assert.deepEqual(
    out.map((x) => ('kind' in x ? `group ${(x as CircuitGroup<Row>).entries.map((e) => e.id).join(',')}` : x.id)),
    [0, 1, 2, 'group 3,5,6', 4],
  );
  const group = out[3] as CircuitGroup<Row>;
  assert.equal(group.origin, a);
  assert.equal(group.reason, `5 connections refused in a row to ${a} (last: connection refused by ${a}: is the server running?)`);
  assert.deepEqual(circuitGroupText(group), { label: `CIRCUIT_OPEN · 3 not sent to ${a}`, description: group.reason });
});

test('one group per origin; a lone refusal stays a row; nothing to group leaves the rows as they are', () => {
  const a = 'http://a.test';
  const b = 'http://b.test:8080';
  const out = groupCircuitOpen([open(0, a), open(1, b), open(2, a), open(3, b), open(4, 'http://c.test')]);
  assert.equal(out.length, 3);
  assert.deepEqual(out.map((x) => ('origin' in x ? x.origin : (x as Row).id)), [a, b, 4]);
  const plain = [ok(0, a), refused(1, a)];
  assert.deepEqual(groupCircuitOpen(plain), plain);
  const many = Array.from({ length: 1932 }, (_, i) => open(i, a));
  assert.equal(circuitGroupText(groupCircuitOpen(many)[0] as CircuitGroup<Row>).label, `CIRCUIT_OPEN · 1,932 not sent to ${a}`);
});

test('circuitReason keeps the cause of a message without the marker', () => {
  assert.equal(circuitReason('something else'), 'something else');
  assert.equal(circuitReason('3 DNS lookups failed in a row to http://x; not sent: ...'), '3 DNS lookups failed in a row to http://x');
});

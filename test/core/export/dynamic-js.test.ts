import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { dynamicExpression, helperSource } from '../../../src/core/export/dynamic-js';

dayjs.extend(utc);

interface Helpers {
  formatDate(d: Date, format: string, local: boolean): string;
  shifted(amount: number, unit: string): Date;
  randomInt(min: number, max: number): string;
  uuidv4(): string;
}

const helpers = new Function(`${helperSource(['uuid', 'randomInt', 'shifted', 'formatDate'])}\nreturn { formatDate, shifted, randomInt, uuidv4 };`)() as Helpers;

test('day.js-style formats give what day.js gives', () => {
  const d = new Date(Date.UTC(2026, 10, 2, 7, 5, 9, 45));
  for (const fmt of ['YYYY-MM-DD HH:mm:ss.SSS', 'YY/M/D H:m:s', 'hh:mm A', 'h a', '[at] HH[h]', 'YYYY-MM-DDTHH:mm:ssZ', 'ZZ', 'dddd, MMMM D', 'ddd MMM dd d', 'YYYYMMDD']) {
    assert.equal(helpers.formatDate(d, fmt, false), dayjs.utc(d).format(fmt), fmt);
    assert.equal(helpers.formatDate(d, fmt, true), dayjs(d).format(fmt), `local ${fmt}`);
  }
  assert.equal(helpers.formatDate(d, 'rfc1123', false), 'Mon, 02 Nov 2026 07:05:09 GMT');
  assert.equal(helpers.formatDate(d, 'rfc1123', true), dayjs(d).format('ddd, DD MMM YYYY HH:mm:ss ZZ'));
  assert.equal(helpers.formatDate(d, 'iso8601', true), dayjs(d).format('YYYY-MM-DDTHH:mm:ss.SSSZ'));
  assert.equal(helpers.formatDate(d, 'iso8601', false), '2026-11-02T07:05:09.045Z');
});

test('offsets move the time by the unit', () => {
  const now = Date.now();
  const day = helpers.shifted(-1, 'd').getTime();
  assert.ok(Math.abs(now - 86_400_000 - day) < 5_000);
  const month = helpers.shifted(1, 'M');
  assert.equal((month.getUTCMonth() - new Date().getUTCMonth() + 12) % 12, 1);
});

test('random values stay in range and UUIDs are v4', () => {
  for (let i = 0; i < 200; i++) {
    const n = Number(helpers.randomInt(-2, 3));
    assert.ok(Number.isInteger(n) && n >= -2 && n < 3, String(n));
    assert.match(helpers.uuidv4(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  assert.equal(dynamicExpression({ fn: 'timestamp', offset: { amount: 2, unit: 'h' } }), "String(Math.floor(shifted(2, 'h').getTime() / 1000))");
});

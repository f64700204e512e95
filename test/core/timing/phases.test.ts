// Timing phases (format spec, section 11) measured on real local http and https servers
// through undici with the timed connector: fresh and kept-alive connections, the TLS
// phase, a DNS phase for `localhost` and none for an IP literal, a slow first byte and a
// dripped body each in their phase, phases adding up to no more than the total.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { ConnectionTimer } from '../../../src/core/timing/connection';
import { ConnectionTimes, HopTimes, phasesOf, type TimingPhases } from '../../../src/core/timing/phases';
import { assertPhasesWithinTotal, startPhaseServers, type PhaseServers } from '../../support/phase-servers';
import { refusedPort } from '../../support/ports';

const now = (): number => performance.now();

/** One request through undici's handler API, timed as the runner times an attempt. */
class TimedRequest implements Dispatcher.DispatchHandler {
  readonly hop = new HopTimes();
  readonly startAt = now();
  status = 0;
  bytes = 0;
  readonly done: Promise<TimingPhases>;
  private resolve!: (p: TimingPhases) => void;
  private reject!: (e: Error) => void;

  constructor(private readonly timer: ConnectionTimer) {
    this.done = new Promise((ok, fail) => ((this.resolve = ok), (this.reject = fail)));
  }

  onRequestStart(): void {
    this.hop.connection = this.timer.takeFresh();
    this.hop.sent = true;
    this.hop.writtenAt = now();
  }

  onResponseStarted(): void {
    this.hop.firstByteAt = now();
  }

  onResponseStart(_c: unknown, status: number): void {
    this.status = status;
  }

  onResponseData(_c: unknown, chunk: Buffer): void {
    this.bytes += chunk.length;
  }

  onResponseEnd(): void {
    this.hop.endAt = now();
    this.resolve(phasesOf(this.startAt, this.hop, now()));
  }

  onResponseError(_c: unknown, error: Error): void {
    this.reject(error);
  }
}

interface Client {
  timer: ConnectionTimer;
  agent: Agent;
  get(url: string): Promise<TimingPhases>;
}

/** `connections: 1` (the default here) makes a request sent after another reuse its connection. */
function client(connections = 1): Client {
  const timer = new ConnectionTimer(now);
  const agent = new Agent({ connections, pipelining: 1, connect: timer.wrap(buildConnector({ rejectUnauthorized: false })) });
  return {
    timer,
    agent,
    get(url) {
      const u = new URL(url);
      const req = new TimedRequest(timer);
      agent.dispatch({ origin: u.origin, path: u.pathname + u.search, method: 'GET', headers: [] }, req);
      return req.done.then((p) => {
        assert.equal(req.status, 200);
        return p;
      });
    },
  };
}

const checkSum = (p: TimingPhases): void => assertPhasesWithinTotal(p);
let servers: PhaseServers;
let plainPort = 0;
let securePort = 0;

before(async () => {
  servers = await startPhaseServers();
  ({ plainPort, securePort } = servers);
});

after(() => servers.close());

test('http to an IP literal: a fresh connection has a connect phase and no DNS or TLS phase; the next request reuses it', async () => {
  const c = client();
  try {
    const before = servers.connections;
    const first = await c.get(`http://127.0.0.1:${plainPort}/a`);
    assert.equal(first.reused, false);
    assert.equal(first.dnsMs, null, 'no lookup for an IP address');
    assert.equal(typeof first.connectMs, 'number');
    assert.equal(first.tlsMs, null, 'no TLS for http:');
    assert.equal(typeof first.ttfbMs, 'number');
    assert.equal(typeof first.downloadMs, 'number');
    checkSum(first);
    const second = await c.get(`http://127.0.0.1:${plainPort}/b`);
    assert.deepEqual([second.reused, second.dnsMs, second.connectMs, second.tlsMs], [true, null, null, null]);
    assert.equal(typeof second.ttfbMs, 'number');
    checkSum(second);
    assert.equal(servers.connections - before, 1, 'one connection for both');
  } finally {
    await c.agent.destroy();
  }
});

test('http to localhost: the name lookup is the DNS phase', async () => {
  const c = client();
  try {
    const p = await c.get(`http://localhost:${plainPort}/dns`);
    assert.equal(p.reused, false);
    assert.equal(typeof p.dnsMs, 'number', JSON.stringify(p));
    assert.equal(typeof p.connectMs, 'number');
    assert.equal(p.tlsMs, null);
    checkSum(p);
  } finally {
    await c.agent.destroy();
  }
});

test('https with a self-signed certificate: a TLS phase after the connect phase; none when reused', async () => {
  const c = client();
  try {
    const before = servers.tlsConnections;
    const first = await c.get(`https://127.0.0.1:${securePort}/tls`);
    assert.equal(first.reused, false);
    assert.equal(first.dnsMs, null);
    assert.equal(typeof first.connectMs, 'number');
    assert.equal(typeof first.tlsMs, 'number');
    assert.ok(first.tlsMs! > 0, 'a handshake takes time');
    checkSum(first);
    const second = await c.get(`https://127.0.0.1:${securePort}/tls2`);
    assert.deepEqual([second.reused, second.dnsMs, second.connectMs, second.tlsMs], [true, null, null, null]);
    checkSum(second);
    assert.equal(servers.tlsConnections - before, 1);
    const byName = client();
    const named = await byName.get(`https://localhost:${securePort}/named`).finally(() => byName.agent.destroy());
    assert.equal(typeof named.dnsMs, 'number', 'https to a name: DNS, connect and TLS phases');
    assert.equal(typeof named.tlsMs, 'number');
    checkSum(named);
  } finally {
    await c.agent.destroy();
  }
});

test('a slow first byte lands in ttfbMs, a dripped body in downloadMs', async () => {
  const c = client();
  try {
    const slow = await c.get(`http://127.0.0.1:${plainPort}/slow-first-byte`);
    assert.ok(slow.ttfbMs! >= 250, `ttfb ${slow.ttfbMs} ms for a 300 ms wait`);
    assert.ok(slow.downloadMs! < slow.ttfbMs!, JSON.stringify(slow));
    checkSum(slow);
    const drip = await c.get(`http://127.0.0.1:${plainPort}/drip`);
    assert.ok(drip.downloadMs! >= 250, `download ${drip.downloadMs} ms for 5 chunks 80 ms apart`);
    assert.ok(drip.ttfbMs! < drip.downloadMs!, JSON.stringify(drip));
    assert.equal(drip.reused, true, 'the slow request left its connection open');
    checkSum(drip);
  } finally {
    await c.agent.destroy();
  }
});

test('concurrent requests: exactly one request per new connection is fresh, the others are reused', async () => {
  const c = client(3);
  try {
    const before = servers.connections;
    const wave = await Promise.all(Array.from({ length: 12 }, (_, i) => c.get(`http://127.0.0.1:${plainPort}/wave?i=${i}`)));
    const made = servers.connections - before;
    assert.ok(made >= 1 && made <= 3, `${made} connections`);
    assert.equal(wave.filter((p) => !p.reused).length, made, 'fresh attempts = connections made');
    for (const p of wave) {
      assert.equal(p.connectMs === null, p.reused);
      checkSum(p);
    }
  } finally {
    await c.agent.destroy();
  }
});

test('a refused connection: nothing completed, nothing reused', async () => {
  const c = client();
  const port = await refusedPort();
  try {
    await assert.rejects(c.get(`http://127.0.0.1:${port}/`), /ECONNREFUSED/);
    assert.equal(c.timer.takeFresh(), null, 'no connection is left to the next request');
  } finally {
    await c.agent.destroy();
  }
});

test('phasesOf: nulls for phases that did not complete, clamped to the attempt, reused only once sent', () => {
  const conn = new ConnectionTimes(100, true);
  conn.lookupAt = 103;
  conn.connectAt = 110;
  const hop = new HopTimes();
  hop.connection = conn;
  let p = phasesOf(100, hop, 150);
  assert.deepEqual(p, { dnsMs: 3, connectMs: 7, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 50, reused: false }, 'a TLS handshake that failed');
  conn.secureAt = 130;
  Object.assign(hop, { sent: true, writtenAt: 131, firstByteAt: 140, endAt: 145 });
  p = phasesOf(120, hop, 150);
  assert.deepEqual(p, { dnsMs: 0, connectMs: 0, tlsMs: 10, ttfbMs: 9, downloadMs: 5, totalMs: 30, reused: false }, 'a connection asked for before this attempt started');
  const kept = Object.assign(new HopTimes(), { sent: true, writtenAt: 10, firstByteAt: 12, endAt: 20 });
  assert.deepEqual(phasesOf(9, kept, 21), { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: 2, downloadMs: 8, totalMs: 12, reused: true });
  assert.deepEqual(phasesOf(0, null, 5), { dnsMs: null, connectMs: null, tlsMs: null, ttfbMs: null, downloadMs: null, totalMs: 5, reused: false });
  const plainConn = new ConnectionTimes(0, false);
  plainConn.connectAt = 4;
  assert.equal(phasesOf(0, Object.assign(new HopTimes(), { connection: plainConn }), 5).tlsMs, null, 'no TLS phase for http:');
});

// The refused port the tests aim at stays refused while they start more servers on port 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { refusedPort } from '../support/ports';

function listenAny(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function connectError(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'unknown'));
  });
}

test('refusedPort: a connection is refused, and 200 servers on port 0 never get that port', async () => {
  const port = await refusedPort();
  assert.ok(port >= 10_000 && port < 32_768, `port ${port} lies in or above an ephemeral range`);
  const servers: Server[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const server = createServer();
      servers.push(server);
      assert.notEqual(await listenAny(server), port);
    }
    assert.equal(await connectError(port), 'ECONNREFUSED');
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
});

test('refusedPort: a test may listen on it itself (the origin comes back)', async () => {
  const port = await refusedPort();
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    assert.equal(await connectError(port), null);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

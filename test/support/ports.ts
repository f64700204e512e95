// A loopback port for refused connections that stays refused while the test starts more servers.
// Binding port 0 and closing it again is not enough: the OS hands ports out of its ephemeral
// range, and a server a test starts right after (listen(0)) may get the very port back, so
// the "refused" origin answers (seen in the 5,000-request mix: 261 "refused" requests got 200).
// The port returned here lies below every ephemeral range (Linux 32768 by default, read from
// /proc when it is set lower; macOS and Windows 49152), so listen(0) never returns it, and it
// is above 1024, so a test may still listen on it itself to bring the origin back.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;

/** The first port of the OS's ephemeral range as far as it can be read; 32768 otherwise. */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? Math.min(low, 32_768) : 32_768;
  } catch {
    return 32_768;
  }
}

/** True when nothing listens on `port` of 127.0.0.1 (we could bind it; it is released again). */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port of 127.0.0.1 that nothing listens on and that no listen(0) in this machine will hand out. */
export async function refusedPort(): Promise<number> {
  const high = ephemeralLow();
  if (high - LOWEST < 1_000) throw new Error(`the ephemeral port range starts at ${high}: no room below it for a refused port; raise net.ipv4.ip_local_port_range`);
  for (let tries = 0; tries < 100; tries++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${high} on 127.0.0.1 after 100 tries`);
}

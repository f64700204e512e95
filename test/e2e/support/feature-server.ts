// The local server of the feature end-to-end test (features.test.ts): a job API whose job is
// done only once the test allows it (so "polling (n)" can be seen between polls), mirrors of
// two speeds for `@first`, responses held until the test releases them (so the requests in
// flight can be counted server-side while the concurrency changes), and JSON for `??` checks.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from './fixture';

export interface FeatureServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Requests received per path (without the query). */
  hits(path: string): number;
  totalHits(): number;
  /** Status polls of the job so far. */
  jobPolls(): number;
  /** From now on the job reports `done` (at its next poll). */
  finishJob(): void;
  /** `/held` requests whose response the server holds now. */
  heldInFlight(): number;
  /** The most `/held` requests held at once since the last `resetHeldMax()`. */
  heldMax(): number;
  resetHeldMax(): void;
  /** Answers every held `/held` request, and answers later ones at once. */
  releaseHeld(): void;
  /** Answers `n` of the held `/held` requests (the oldest first); later ones are still held. */
  releaseSome(n: number): void;
  /** Holds `/held` requests again (for the next run). */
  holdAgain(): void;
  /** Slow mirrors whose client went away before the answer (aborted as NOT_NEEDED). */
  mirrorsAborted(): number;
  /** Slow mirrors still open. */
  mirrorsOpen(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Routes:
 * - `POST /jobs` -> 202 `{"id":"job-1"}`; `GET /jobs/job-1` -> `{"state":"running"}` until
 *   `finishJob()`, then `{"state":"done"}`; `GET /jobs/job-1/result` -> `{"size":5}`
 * - `GET /mirror?i=N` -> at once for N < 2, else held until the client goes away (60 s at most)
 * - `GET /held?i=N` -> held until `releaseHeld()`
 * - `GET /check` -> `{"state":"running","count":3}`
 * - anything else -> 200 `{"path": ...}`
 */
export async function startFeatureServer(): Promise<FeatureServer> {
  const counts = new Map<string, number>();
  let polls = 0;
  let jobDone = false;
  const held = new Set<ServerResponse>();
  let heldMax = 0;
  let releasing = false;
  let mirrorsAborted = 0;
  const mirrorsOpen = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, value: unknown): void => {
    const payload = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  };

  const hold = (res: ServerResponse): void => {
    held.add(res);
    heldMax = Math.max(heldMax, held.size);
    res.once('close', () => held.delete(res));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (path === '/jobs' && req.method === 'POST') return send(res, 202, { id: 'job-1' });
    if (path === '/jobs/job-1') {
      polls += 1;
      return send(res, 200, { id: 'job-1', state: jobDone ? 'done' : 'running', polls });
    }
    if (path === '/jobs/job-1/result') return send(res, jobDone ? 200 : 409, { id: 'job-1', size: 5 });
    if (path === '/check') return send(res, 200, { state: 'running', count: 3 });
    if (path === '/mirror') {
      const i = Number(url.searchParams.get('i') ?? '0');
      if (i < 2) return send(res, 200, { mirror: i, price: 40 + i });
      mirrorsOpen.add(res);
      const timer = setTimeout(() => send(res, 200, { mirror: i, price: 99 }), 60_000);
      res.once('close', () => {
        mirrorsOpen.delete(res);
        clearTimeout(timer);
        if (!res.writableFinished) mirrorsAborted += 1;
      });
      return;
    }
    if (path === '/held') {
      if (releasing) return send(res, 200, { held: false });
      return hold(res);
    }
    send(res, 200, { path });
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  server.keepAliveTimeout = 1000;
  const port = await listenLocal(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    totalHits: () => [...counts.values()].reduce((a, b) => a + b, 0),
    jobPolls: () => polls,
    finishJob: () => {
      jobDone = true;
    },
    heldInFlight: () => held.size,
    heldMax: () => heldMax,
    resetHeldMax: () => {
      heldMax = held.size;
    },
    releaseHeld: () => {
      releasing = true;
      for (const res of [...held]) send(res, 200, { held: true });
    },
    releaseSome: (n) => {
      for (const res of [...held].slice(0, n)) send(res, 200, { held: true });
    },
    holdAgain: () => {
      releasing = false;
    },
    mirrorsAborted: () => mirrorsAborted,
    mirrorsOpen: () => mirrorsOpen.size,
    reset: () => {
      counts.clear();
      heldMax = held.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

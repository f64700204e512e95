// bench:editor with BATCH_HTTP_BENCH_PROFILE=1: a CPU profile of the extension host during each
// run, to find where the editor side spends its time. The host's inspector is opened with
// SIGUSR1 (Node's documented way; it listens on 127.0.0.1:9229), the profile is taken over the
// DevTools protocol (undici's WebSocket) and summarized with bench/lib/cpuprofile.mjs.
import type { Page } from 'playwright-core';
import { WebSocket } from 'undici';
import { summarizeProfile, renderProfile, type CpuProfile } from './lib/cpuprofile.mjs';
import { waitFor } from '../test/e2e/support/wait';

export interface HostProfiler {
  /** Stops profiling; returns the summary text and the profile (and the sampled allocations, when asked for). */
  stop(): Promise<{ text: string; profile: CpuProfile; heap?: unknown }>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/**
 * Opens the inspector of `pid` and starts the profiler (sampling every 200 µs). With `heap`,
 * also V8's sampling heap profiler, counting objects the collector has already freed (where a
 * run allocates, not only what it keeps).
 */
export async function startHostProfile(pid: number, port = 9229, heap = false): Promise<HostProfiler> {
  process.kill(pid, 'SIGUSR1');
  const target = await waitFor(
    `the inspector of process ${pid} on port ${port}`,
    async () => {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      return list[0]?.webSocketDebuggerUrl;
    },
    { timeoutMs: 10_000, intervalMs: 200 },
  );
  const ws = new WebSocket(target);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error(`could not connect to ${target}`)));
  });
  let id = 0;
  const pending = new Map<number, Pending>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id as number);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const callId = ++id;
      pending.set(callId, { resolve, reject });
      ws.send(JSON.stringify({ id: callId, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  if (heap) {
    await send('HeapProfiler.enable');
    await send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  return {
    stop: async () => {
      const { profile } = (await send('Profiler.stop')) as { profile: CpuProfile };
      const sampled = heap ? ((await send('HeapProfiler.stopSampling')) as { profile: unknown }).profile : undefined;
      ws.close();
      return { text: renderProfile(summarizeProfile(profile), 40), profile, ...(sampled ? { heap: sampled } : {}) };
    },
  };
}

/** A CPU profile of the workbench page's main thread (Chromium's DevTools protocol through Playwright). */
export async function startPageProfile(page: Page): Promise<HostProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach().catch(() => undefined);
      return { text: renderProfile(summarizeProfile(profile), 40), profile };
    },
  };
}

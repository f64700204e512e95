export interface ServerCounts {
  requests: number;
  responses: number;
  sockets: number;
  byMethod: Record<string, number>;
}
export interface BenchServer {
  port: number;
  pid: number;
  baseUrl: string;
  count(): Promise<ServerCounts>;
  reset(): Promise<{ ok: boolean }>;
  stop(): Promise<void>;
}
export function startServer(options?: { maxLifetimeS?: number; script?: string }): Promise<BenchServer>;

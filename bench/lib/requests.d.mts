export interface GenerateOptions {
  count: number;
  baseUrl: string;
  delayMs?: number;
  responseBytes?: number;
  named?: boolean;
  /** Three `??` lines after every request. */
  assertions?: boolean;
  /** The server adds an array of this many small objects to each answer. */
  items?: number;
}
export interface GeneratedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}
export function generateRequestFile(options: GenerateOptions): string;
export function readGeneratedFile(text: string): GeneratedRequest[];
export function generateForeachFiles(options: { rows: number; baseUrl: string; csvName?: string; failEvery?: number }): { file: string; csv: string };

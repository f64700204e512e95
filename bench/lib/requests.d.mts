export interface GenerateOptions {
  count: number;
  baseUrl: string;
  delayMs?: number;
  responseBytes?: number;
  named?: boolean;
  /** Three `??` lines after every request. */
  assertions?: boolean;
}
export interface GeneratedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}
export function generateRequestFile(options: GenerateOptions): string;
export function readGeneratedFile(text: string): GeneratedRequest[];

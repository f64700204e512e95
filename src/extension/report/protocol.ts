// Messages between the report webview and the extension host (no vscode import).
import type { ReportModel } from '../../core/report/timeline';

/** Host -> webview. */
export type ToWebview = { type: 'model'; model: ReportModel; runId: string } | { type: 'select'; index: number };

/** Webview -> host. */
export type FromWebview = { type: 'ready' } | { type: 'reveal'; index: number; line: number };

/** What the webview keeps with `setState` and the serializer gets back after a reload. */
export interface ReportWebviewState {
  model: ReportModel;
  runId: string;
}

export function isFromWebview(value: unknown): value is FromWebview {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.type === 'ready') return true;
  return v.type === 'reveal' && Number.isInteger(v.index) && Number.isInteger(v.line);
}

export function isReportWebviewState(value: unknown): value is ReportWebviewState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const m = v.model as Record<string, unknown> | undefined;
  return typeof v.runId === 'string' && typeof m === 'object' && m !== null && m.version === 1 && Array.isArray(m.rows);
}

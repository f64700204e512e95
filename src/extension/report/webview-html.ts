// The report webview's page: the shared client from media/ under a strict CSP with a nonce.
// No vscode import, so it is unit-tested in node.
import { createNonce, renderReportPage } from '../../core/report/html';

export interface WebviewPageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(media/report.js)` as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/report.css)` as a string. */
  styleUri: string;
  title: string;
  nonce?: string;
}

export function webviewHtml(options: WebviewPageOptions): string {
  const nonce = options.nonce ?? createNonce();
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return renderReportPage({
    csp: [
      `default-src 'none'`,
      `script-src 'nonce-${nonce}'`,
      `style-src ${options.cspSource}`,
      `img-src ${options.cspSource} data:`,
      `font-src ${options.cspSource}`,
      `base-uri 'none'`,
      `form-action 'none'`,
    ].join('; '),
    title: options.title,
    head: `<link rel="stylesheet" href="${attr(options.styleUri)}">`,
    scripts: `<script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>`,
  });
}

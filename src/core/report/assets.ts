// The report client's script and styles, inlined into this bundle at build time by
// esbuild.js (see buildReportClient) from src/webview/.
declare const __BATCH_HTTP_REPORT_JS__: string | undefined;
declare const __BATCH_HTTP_REPORT_CSS__: string | undefined;

export interface ReportAssets {
  script: string;
  css: string;
}

export function reportAssets(): ReportAssets {
  if (typeof __BATCH_HTTP_REPORT_JS__ !== 'string' || typeof __BATCH_HTTP_REPORT_CSS__ !== 'string') {
    throw new Error('The HTML report client is missing from this build: bundle with esbuild.js, which inlines src/webview/.');
  }
  return { script: __BATCH_HTTP_REPORT_JS__, css: __BATCH_HTTP_REPORT_CSS__ };
}

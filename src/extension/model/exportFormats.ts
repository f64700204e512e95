// The formats Export Results offers in its quick pick, and the file name each suggests.

export type ExportFormat = 'json' | 'junit' | 'html';

export interface ExportFormatChoice {
  format: ExportFormat;
  label: string;
  detail: string;
  extension: string;
  filterName: string;
}

/**
 * JSON, JUnit and HTML. (OpenMetrics joins the list when src/core/report has a reporter for
 * it: add an entry and a case in the command's writer.)
 */
export const EXPORT_FORMATS: readonly ExportFormatChoice[] = [
  { format: 'json', label: 'JSON report', detail: 'Every result with timings and headers (the CLI\'s --reporter json)', extension: 'json', filterName: 'JSON report' },
  { format: 'junit', label: 'JUnit XML', detail: 'One test case per request, for CI test views', extension: 'xml', filterName: 'JUnit XML' },
  { format: 'html', label: 'HTML report', detail: 'The run report as one self-contained page', extension: 'html', filterName: 'HTML report' },
];

/** `users.results.json` for `users.batch.http` (also for plain `.http` / `.rest` files). */
export function exportFileName(runFileName: string, choice: ExportFormatChoice): string {
  const base = runFileName.replace(/\.batch\.http$/i, '').replace(/\.(?:http|rest)$/i, '');
  return `${base}.results.${choice.extension}`;
}

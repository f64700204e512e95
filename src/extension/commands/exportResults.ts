// Export Results: asks the format in a quick pick, then where to save, then writes the
// report with the run's secrets redacted.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toHtml } from '../../core/report/html';
import type { CoreApi } from '../core';
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from '../model/exportFormats';
import type { RunRecord } from '../model/runModel';

function reportText(core: CoreApi, run: RunRecord & { report: NonNullable<RunRecord['report']> }, format: ExportFormat): string {
  switch (format) {
    case 'junit':
      return core.toJunit(run.report, run.secrets);
    case 'html':
      return toHtml(run.report, { secrets: run.secrets });
    case 'json':
      return core.toJsonReport(run.report, run.secrets);
  }
}

/** Handler of `batchHttp.exportResults`. */
export async function exportResults(core: CoreApi, run: RunRecord | undefined): Promise<void> {
  if (!run?.report) {
    void vscode.window.showInformationMessage('Batch HTTP: there is no finished run to export.');
    return;
  }
  const finished = run as RunRecord & { report: NonNullable<RunRecord['report']> };
  const choice = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: f.label, detail: f.detail, choice: f })),
    { title: `Batch HTTP: Export Results of ${run.fileName}`, placeHolder: 'Format of the exported results' },
  );
  if (!choice) return;
  const f = choice.choice;
  const target = await vscode.window.showSaveDialog({
    title: `Batch HTTP: Export Results as ${f.label}`,
    defaultUri: vscode.Uri.file(path.join(path.dirname(run.file), exportFileName(run.fileName, f))),
    filters: { [f.filterName]: [f.extension] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(reportText(core, finished, f.format)));
  void vscode.window.showInformationMessage(`Batch HTTP: results saved to ${vscode.workspace.asRelativePath(target)} (${f.label}).`);
}

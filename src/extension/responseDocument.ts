// Read-only response documents on the `batch-http-response:` scheme:
// batch-http-response:/<runId>/<index>/<label>.<ext>
import * as vscode from 'vscode';
import { renderFullResponse, renderResponse, safeFileName } from './model/responseText';
import type { RunStore } from './model/runStore';

export const RESPONSE_SCHEME = 'batch-http-response';
/** The language of the full response (status line, headers, body): syntaxes/batch-http-response.tmLanguage.json. */
export const RESPONSE_LANGUAGE = 'batch-http-response';

export class ResponseDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly store: RunStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [runId, index] = uri.path.split('/').filter(Boolean);
    const run = runId ? this.store.find(runId) : undefined;
    const entry = run?.entry(Number(index));
    if (!run || !entry) return 'This run is no longer kept. Run the batch again to see the response.\n';
    // `?full`: the status line and headers above the body (after running one request).
    if (uri.query === 'full') return renderFullResponse(entry.state, entry.result, run.redactor);
    return renderResponse(entry.state, entry.result, (t) => run.redactor.text(t)).text;
  }

  /**
   * Opens the response of a request in a read-only editor; `beside`: in the column beside
   * the active editor (after running one request), keeping the focus where it is.
   */
  async open(runId: string, index: number, how: { preview?: boolean; beside?: boolean; full?: boolean } = {}): Promise<void> {
    const entry = this.store.find(runId)?.entry(index);
    if (!entry) return;
    const { extension } = renderResponse(entry.state, entry.result);
    // The full form has a head above the body: not valid JSON/XML, so a language of its own.
    const uri = vscode.Uri.from({
      scheme: RESPONSE_SCHEME,
      path: `/${runId}/${index}/${safeFileName(entry.label)}.${how.full ? 'http-response' : extension}`,
      ...(how.full ? { query: 'full' } : {}),
    });
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (how.full && document.languageId !== RESPONSE_LANGUAGE) document = await vscode.languages.setTextDocumentLanguage(document, RESPONSE_LANGUAGE);
    await vscode.window.showTextDocument(document, { preview: how.preview ?? true, preserveFocus: true, ...(how.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

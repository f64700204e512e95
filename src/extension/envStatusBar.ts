// The status bar item of the selected environment, shown while a .batch.http (or plain
// .http) file is active; clicking it runs Select Environment.
import * as vscode from 'vscode';
import { userSettings } from './config';
import { onEnvironmentChange, type EnvironmentIndexes } from './language/environments';
import { environmentStatus } from './model/statusText';
import type { Session } from './session';

export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('batchHttp.environment', vscode.StatusBarAlignment.Left, 9);
  private readonly subscriptions: vscode.Disposable[];
  private seq = 0;

  constructor(
    private readonly session: Session,
    private readonly environments: EnvironmentIndexes,
    private readonly applies: (document: vscode.TextDocument) => boolean,
  ) {
    this.item.name = 'Batch HTTP Environment';
    this.subscriptions = [vscode.window.onDidChangeActiveTextEditor(() => this.update()), ...onEnvironmentChange(session, environments, () => this.update())];
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.applies(document)) {
      this.item.hide();
      return;
    }
    const selected = this.session.environment(userSettings(document.uri).environment);
    this.show(document, selected, null);
    const seq = ++this.seq;
    void this.environments.get(document).then((index) => {
      if (seq === this.seq) this.show(document, selected, index.names);
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private show(document: vscode.TextDocument, selected: string | null, known: readonly string[] | null): void {
    const s = environmentStatus(selected, known);
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.accessibilityInformation = { label: s.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: 'batchHttp.selectEnvironment', title: 'Select Environment', arguments: [document.uri] };
    this.item.show();
  }
}

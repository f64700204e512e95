// The user's explicit choices: the concurrency for this session ("Set Concurrency") and the
// environment for this workspace ("Select Environment"). They win over the settings.
import * as vscode from 'vscode';
import type { ConcurrencyValue } from './model/concurrency';
import type { ExplicitChoice } from './model/settings';

const ENV_KEY = 'batchHttp.selectedEnvironment';

export class Session implements vscode.Disposable {
  private concurrency: ConcurrencyValue | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  explicit(): ExplicitChoice {
    return this.concurrency === undefined ? {} : { concurrency: this.concurrency };
  }

  setConcurrency(value: ConcurrencyValue | undefined): void {
    this.concurrency = value;
    this.changed.fire();
  }

  /** The picked environment: a name, null for "none", undefined when never picked (the setting applies). */
  pickedEnvironment(): string | null | undefined {
    return this.state.get<string | null>(ENV_KEY);
  }

  /** The environment a run uses: the pick, else the `batchHttp.environment` setting. */
  environment(setting: string | null): string | null {
    const picked = this.pickedEnvironment();
    return picked === undefined ? setting : picked;
  }

  async pickEnvironment(value: string | null | undefined): Promise<void> {
    await this.state.update(ENV_KEY, value);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

// Reads the `batchHttp.*` settings for a file.
import * as vscode from 'vscode';
import { readUserSettings, type UserSettings } from './model/settings';

export const CONFIG_SECTION = 'batchHttp';

export function userSettings(scope?: vscode.Uri): UserSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return readUserSettings((key) => config.get(key));
}

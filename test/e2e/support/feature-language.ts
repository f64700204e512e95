// Scenarios of features.test.ts for the language side of issue 19 in the real editor:
// completion of directives and their values, the hover on `{{name}}` (item 3), and the
// CodeLens and a run on a plain `.http` file (item 9). Each leaves a screenshot.
import assert from 'node:assert/strict';
import { goToLine, shownLines } from './editor-view';
import { FEATURE_FILES } from './feature-fixture';
import type { FeatureServer } from './feature-server';
import { showResults, waitForRunRows } from './results-view';
import type { E2eSession } from './session';
import { waitFor } from './wait';
import type { Workbench } from './workbench';

/** The labels the suggest widget lists now. */
async function suggestions(wb: Workbench): Promise<string[]> {
  const rows = wb.page.locator('.editor-widget.suggest-widget .monaco-list-row .label-name');
  return (await rows.allTextContents()).map((t) => t.trim());
}

/** Triggers completion at the cursor and waits for `label` among the suggestions. */
async function waitForSuggestion(wb: Workbench, label: string): Promise<string[]> {
  await wb.page.keyboard.press('Control+Space');
  return waitFor(`the suggestion "${label}"`, async () => {
    const all = await suggestions(wb);
    return all.includes(label) ? all : undefined;
  }, { timeoutMs: 15_000, describe: async () => JSON.stringify(await suggestions(wb)) });
}

export function languageScenarios(s: E2eSession, fs: FeatureServer): [string, () => Promise<void>][] {
  const wb = s.workbench;
  return [
    [
      '19: completion offers directives and their values; the hover on {{host}} shows its value and where it is defined',
      async () => {
        await wb.openFile(FEATURE_FILES.typing);
        // The hover, from the keyboard as a user without a mouse gets it: the cursor inside {{host}}.
        await goToLine(wb, 4);
        for (let i = 0; i < 7; i++) await wb.page.keyboard.press('ArrowRight');
        await wb.runCommand('Show or Focus Hover');
        const hover = wb.page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .rendered-markdown').first();
        const text = await waitFor('the hover on {{host}}', async () => {
          const t = (await hover.count()) > 0 ? await hover.innerText() : '';
          return t.includes(fs.origin) ? t : undefined;
        }, { timeoutMs: 15_000, describe: async () => ((await hover.count()) > 0 ? hover.innerText() : 'no hover') });
        assert.match(text, /line 1/, `the hover says where host is defined: ${text}`);
        await wb.screenshot('19-hover-on-variable');
        await wb.page.keyboard.press('Escape');
        // Completion on new lines at the end of the file.
        await wb.page.keyboard.press('Control+End');
        await wb.page.keyboard.press('Enter');
        await wb.page.keyboard.type('# @ti');
        const directives = await waitForSuggestion(wb, '@timeout');
        assert.ok(directives.every((d) => d.startsWith('@')), `only directives are offered after "# @": ${JSON.stringify(directives)}`);
        await wb.screenshot('19-completion-directives');
        await wb.page.keyboard.press('Escape');
        await wb.page.keyboard.press('End');
        await wb.page.keyboard.press('Shift+Home');
        await wb.page.keyboard.type('# @concurrency ');
        await waitForSuggestion(wb, 'auto');
        await wb.screenshot('19-completion-concurrency-auto');
        await wb.page.keyboard.press('Escape');
        await wb.runCommand('File: Revert File');
        await waitFor('the file back as it was', async () => ((await shownLines(wb)).some((l) => l.text.startsWith('# @')) ? undefined : true), { timeoutMs: 15_000 });
      },
    ],
    [
      '19: a plain .http file gets the Run batch CodeLens and runs',
      async () => {
        await wb.runCommand('Batch HTTP: Clear Results');
        fs.reset();
        await wb.openFile(FEATURE_FILES.plain);
        const lens = await wb.waitForCodeLens(/^Run batch \(/);
        assert.match(lens, /^Run batch \(1 request\b/, lens);
        await wb.clickCodeLens(/^Run batch \(/);
        await showResults(wb);
        await waitForRunRows(wb, [{ label: `GET ${fs.origin}/plain`, description: /^200 · / }]);
        assert.equal(fs.hits('/plain'), 1, 'the server received the request');
        await wb.focusEditor();
        await wb.waitForCodeLens(/^Run batch \(/, 15_000);
        await wb.screenshot('19-plain-http-file-runs');
      },
    ],
  ];
}

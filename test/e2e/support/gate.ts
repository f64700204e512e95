// Whether an end-to-end test runs: it needs the editor (`npm run test:e2e:setup`) and the
// part of the checkout it drives. Without them it is skipped with one line saying why and how
// to enable it, except under BATCH_HTTP_E2E=required (CI), where that is a failure.
import { e2eMode, findEditorInstall, SETUP_HINT, type EditorInstall } from './install';

export type Gate = { kind: 'run'; install: EditorInstall } | { kind: 'skip'; reason: string } | { kind: 'fail'; reason: string };

/** `checkoutMissing`: what this checkout lacks for the test, or null when it has it all. */
export function gate(checkoutMissing: string | null, env: NodeJS.ProcessEnv = process.env): Gate {
  const mode = e2eMode(env);
  if (mode === 'off') return { kind: 'skip', reason: 'BATCH_HTTP_E2E=off' };
  const install = findEditorInstall(env);
  if ('missing' in install) {
    const reason = `editor not installed (${install.missing}): ${SETUP_HINT}`;
    return mode === 'required' ? { kind: 'fail', reason: `BATCH_HTTP_E2E=required but the ${reason}` } : { kind: 'skip', reason };
  }
  if (checkoutMissing !== null) {
    return mode === 'required' ? { kind: 'fail', reason: `BATCH_HTTP_E2E=required but ${checkoutMissing}` } : { kind: 'skip', reason: checkoutMissing };
  }
  return { kind: 'run', install };
}

export function skipOption(g: Gate): string | false {
  return g.kind === 'skip' ? g.reason : false;
}

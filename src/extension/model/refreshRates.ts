// How often each view follows a running batch. Every update makes the window re-render
// something (the view's title bar redraws its whole action bar for a new description), so each
// surface has its own budget; a 10,000-request run must not cost the window smooth frames.
// No `vscode` import.

export const REFRESH_MS = {
  /** Changed request rows of the Results tree. */
  entries: 100,
  /**
   * A run node, whose refresh makes the view read all its children again (10,000 for a large
   * batch): only when a partial run's children changed.
   */
  runNode: 2000,
  /** The progress notification, the status bar and the "Cancel (n/N)" CodeLens. */
  progress: 250,
  /** The Results view's description (`file: 37/100, 2 failed`), which redraws its title bar. */
  viewDescription: 1000,
} as const;

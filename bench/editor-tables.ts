// The tables bench:editor prints (Markdown): CPU of the editor's runs versus the CLI's, and how
// the editor's runs felt (editor-feel.ts) against the targets of issue 19 item 8.
import { cpus, loadavg, totalmem } from 'node:os';
import { FEEDBACK_TARGET_MS, feelVerdict, GAP_TARGET_MS, type FeelResult, type IdleControl } from './editor-feel';

export interface CpuRow {
  requests: number;
  side: 'editor' | 'cli';
  run: number;
  extensionHostCpu: number;
  serverCpu: number;
  browserCpu: number;
  wallMs: number;
}

export interface FeelRow extends FeelResult {
  requests: number;
  run: number;
  control: IdleControl;
}

/** `2 cores, 24 GiB, load 1.2 0.8 0.5, Node v20...` */
export function machineLine(): string {
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${load} at the end, Node ${process.version}`;
}

export function cpuTable(rows: readonly CpuRow[], concurrency: number): string {
  return [
    `CPU seconds (user+system), concurrency ${concurrency}, local server`,
    '',
    '| requests | side | run | process CPU (ext host / CLI) | code-server CPU | Chromium CPU | wall ms |',
    '| --: | --- | --: | --: | --: | --: | --: |',
    ...rows.map((r) => `| ${r.requests.toLocaleString('en-US')} | ${r.side} | ${r.run} | ${r.extensionHostCpu.toFixed(2)} | ${r.side === 'cli' ? '-' : r.serverCpu.toFixed(2)} | ${r.side === 'cli' ? '-' : r.browserCpu.toFixed(2)} | ${r.wallMs} |`),
  ].join('\n');
}

const ms = (value: number | null): string => (value === null ? 'never' : String(Math.round(value)));

/** One row per run plus, first, the idle control of each size (its first run's). */
export function feelTable(rows: readonly FeelRow[], machine: string): string {
  const lines = [
    `Editor feel, measured in the page (targets: first feedback ≤ ${FEEDBACK_TARGET_MS} ms, no frame gap over ${GAP_TARGET_MS} ms, Cancel lens gone when the run ends); machine: ${machine}`,
    '',
    '| requests | run | first feedback ms (by) | in the DOM ms | run node / status bar / Cancel lens ms | largest frame gap ms | p99 gap ms | gaps > 200 ms | frames/s | long tasks (max ms) | run ms | Cancel lens gone after end ms | result |',
    '| --: | --- | --: | --: | --- | --: | --: | --: | --: | --- | --: | --: | --- |',
  ];
  for (const r of rows) {
    if (r.run === 1) {
      const c = r.control;
      lines.push(`| ${r.requests.toLocaleString('en-US')} | idle (control, ${c.visibility}${c.focused ? ', focused' : ''}) | - | - | - | ${ms(c.maxGapMs)} | ${ms(c.p99GapMs)} | ${c.gapsOver200} | ${c.fps.toFixed(0)} | - | - | - | - |`);
    }
    const f = r.feedbackMs;
    const longTasks = r.longTasks.supported ? `${r.longTasks.count} (${ms(r.longTasks.maxMs)})` : 'n/a';
    lines.push(
      `| ${r.requests.toLocaleString('en-US')} | ${r.run} | ${ms(r.firstFeedbackMs)} (${r.firstFeedbackBy ?? '-'}) | ${ms(r.firstFeedbackBy ? r.feedbackDomMs[r.firstFeedbackBy] : null)} | ${ms(f.runNode)} / ${ms(f.statusBar)} / ${ms(f.cancelLens)} | ${ms(r.frames.maxGapMs)} | ${ms(r.frames.p99GapMs)} | ${r.frames.gapsOver200} | ${r.frames.fps.toFixed(0)} | ${longTasks} | ${ms(r.runMs)} | ${ms(r.lensGoneAfterMs)} | ${feelVerdict(r)} |`,
    );
  }
  return lines.join('\n');
}

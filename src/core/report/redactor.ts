// The one redactor every reporter (JSON, JUnit, pretty, timeline/HTML) builds for a report.
import { Redactor } from '../redact';
import type { RunReport } from '../types';

/** A redactor for a report: the caller's secrets (the plan's) and those the run learned. */
export function reportRedactor(report: Pick<RunReport, 'secrets'>, secrets: readonly string[] = []): Redactor {
  return new Redactor([...secrets, ...(report.secrets ?? [])]);
}

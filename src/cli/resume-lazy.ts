// `--resume` of a plan with lazy groups (docs/scaling.md, docs/resume.md): the results of
// the requests planned up front are checked as `loadResume` checks them; those of a lazy
// group's copies are checked against the group's copy 0 (name, title, line and method are
// the same for every copy) and their URLs are kept as a 64-bit hash each, compared in a
// second pass that plans the group's copies again one batch at a time. Memory: 8 bytes a
// copy, not a planned request.
import type { JsonResult } from '../core/report';
import { Redactor, REDACTED, redactUserinfo } from '../core/redact';
import { identityMismatch, sameUrl } from '../core/resume';
import type { BatchPlan, LazyRequests } from '../core/types';
import { planSize } from '../core/parser';
import { carryOver, changed, checkReport, type CarrySink, type IdentityCheck, parseResult, readReport, type Resumed, ResumeRefusal } from './resume';

/** Copies planned per batch while the URLs are compared. */
const BATCH = 1024;

/** Two 32-bit FNV-1a lanes (different offsets) over the UTF-16 code units: a 53-bit number. */
function urlHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** The reported URLs of one lazy group: hashes by copy; the few with `***` in full. */
interface GroupUrls {
  readonly group: LazyRequests;
  readonly hashes: Float64Array;
  readonly withHoles: Map<number, string>;
}

function groupAt(groups: readonly GroupUrls[], index: number): GroupUrls | undefined {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const g = groups[mid]!.group;
    if (index < g.firstIndex) hi = mid - 1;
    else if (index >= g.firstIndex + g.count) lo = mid + 1;
    else return groups[mid];
  }
  return undefined;
}

/** Pass one's check: planned requests in full; a lazy copy's fields now, its URL kept for `checkUrls`. */
function lazyCheck(plan: BatchPlan, shownPath: string, groups: readonly GroupUrls[], redactor: Redactor): IdentityCheck {
  const planned = new Map(plan.requests.map((r) => [r.index, r]));
  return (index, result) => {
    const r = planned.get(index);
    const g = r ? undefined : groupAt(groups, index);
    // An index in no group and planned by nobody is the file's: a gap cannot be reported.
    const target = r ?? (g ? { ...g.group.sample, index, url: '' } : null);
    if (!target) throw new ResumeRefusal(changed(shownPath, plan.file, `request ${index} is not planned`));
    const mismatch = identityMismatch(target, r ? result : { ...result, url: '' }, redactor);
    if (mismatch) throw new ResumeRefusal(changed(shownPath, plan.file, mismatch));
    if (!g) return;
    const url = typeof result.url === 'string' ? result.url : '';
    if (url.includes(REDACTED)) g.withHoles.set(index, url);
    else g.hashes[index - g.group.firstIndex] = urlHash(url);
  };
}

/** Pass two: plans every copy again and compares its URL as the report shows it; refuses at the first that differs. */
async function checkUrls(reportPath: string, shownPath: string, plan: BatchPlan, groups: readonly GroupUrls[], redactor: Redactor): Promise<void> {
  for (const g of groups) {
    const cursor = g.group.open();
    for (let batch = await cursor.next(BATCH); batch.length > 0; batch = await cursor.next(BATCH)) {
      redactor.add(cursor.newSecrets());
      for (const r of batch) {
        const hole = g.withHoles.get(r.index);
        const same = hole !== undefined ? sameUrl(r, hole, redactor) : urlHash(redactor.text(redactUserinfo(r.url))) === g.hashes[r.index - g.group.firstIndex];
        if (same) continue;
        // The message quotes the reported URL: read that one result again.
        let reported: JsonResult | null = null;
        readReport(reportPath, shownPath, (raw) => {
          const result = parseResult(raw);
          if (result.index === r.index) reported = result;
        });
        const why = identityMismatch(r, reported ?? { index: r.index }, redactor) ?? `request ${r.index} (line ${r.line}): url changed`;
        throw new ResumeRefusal(changed(shownPath, plan.file, why));
      }
    }
  }
}

/** `loadResume` for a plan with lazy groups. */
export async function loadResumeLazy(reportPath: string, shownPath: string, plan: BatchPlan, carry: CarrySink): Promise<Resumed> {
  const redactor = new Redactor(plan.secrets);
  const groups: GroupUrls[] = (plan.lazy ?? [])
    .slice()
    .sort((a, b) => a.firstIndex - b.firstIndex)
    .map((group) => ({ group, hashes: new Float64Array(group.count), withHoles: new Map() }));
  const { succeeded, head } = checkReport(reportPath, shownPath, plan, planSize(plan), lazyCheck(plan, shownPath, groups, redactor));
  await checkUrls(reportPath, shownPath, plan, groups, redactor);
  return carryOver(reportPath, shownPath, plan, succeeded, head, carry);
}

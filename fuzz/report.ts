/** The summary: per dialect what was sent, what failed (by route and kind), known defects apart, and memory. */
import type { CampaignResult, FailureGroup } from './campaign.js';

export function printResult(r: CampaignResult): void {
  const ratio = r.rssWarmMiB > 0 ? (r.rssEndMiB / r.rssWarmMiB).toFixed(2) : '?';
  console.log(`\n${r.dialect}: ${r.sent} requests over ${r.routes} routes in ${r.seconds.toFixed(1)} s`);
  console.log(`  seeds: ${r.seedsOk} of ${r.routes} routes answer their unspoiled request with success` + (process.env.FUZZ_VERBOSE ? '' : ' (FUZZ_VERBOSE=1 lists the rest)'));
  if (process.env.FUZZ_VERBOSE) for (const refused of r.seedsRefused) console.log(`    ${clip(refused, 200)}`);
  console.log(`  RSS ${r.rssStartMiB} MiB at start, ${r.rssWarmMiB} MiB after warm-up, ${r.rssEndMiB} MiB after the run (${ratio}×)`);
  const fresh = r.groups.filter((g) => g.defect === undefined);
  const known = r.groups.filter((g) => g.defect !== undefined);
  const fiveXx = r.groups.filter((g) => g.kind === '5xx').reduce((n, g) => n + g.count, 0);
  console.log(`  answers: ${Object.entries(r.statuses).sort().map(([s, n]) => `${n} ${s}`).join(', ')}; 5xx: ${fiveXx}`);
  printGroups('failures', fresh);
  printKnown(known);
  if (process.env.FUZZ_VERBOSE) printGroups('known, by route', known);
}

/** Known defects are for counting, not reading: one line per defect and kind, with an example. */
function printKnown(groups: FailureGroup[]): void {
  if (groups.length === 0) return void console.log('  known (issue #16): none');
  console.log(`  known (issue #16): ${groups.reduce((n, g) => n + g.count, 0)}`);
  const byDefect = new Map<string, FailureGroup[]>();
  for (const g of groups) byDefect.set(`#${g.defect} ${g.kind}`, [...(byDefect.get(`#${g.defect} ${g.kind}`) ?? []), g]);
  for (const [title, list] of [...byDefect].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const example = list[0]!.examples[0]!;
    console.log(`    ${title.padEnd(14)} ${list.reduce((n, g) => n + g.count, 0)}× on ${list.length} routes, e.g. ${list[0]!.route}: ${clip(example.label, 60)} → ${clip(example.detail, 100)}`);
  }
}

function printGroups(title: string, groups: FailureGroup[]): void {
  if (groups.length === 0) return void console.log(`  ${title}: none`);
  console.log(`  ${title}: ${groups.reduce((n, g) => n + g.count, 0)} in ${groups.length} groups`);
  const sorted = [...groups].sort((a, b) => (a.defect ?? 0) - (b.defect ?? 0) || a.kind.localeCompare(b.kind) || a.route.localeCompare(b.route));
  for (const g of sorted) {
    console.log(`    ${g.defect !== undefined ? `#${g.defect} ` : ''}${g.kind.padEnd(11)} ${g.route}  ${g.count}×`);
    for (const e of g.examples) console.log(`        ${clip(e.label, 90)} → ${clip(e.detail, 140)}`);
  }
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text).replace(/\s+/g, ' ');

/** The exit code: 1 when any dialect has a failure no known defect accounts for. */
export function printVerdict(results: readonly CampaignResult[]): number {
  const fresh = results.flatMap((r) => r.groups.filter((g) => g.defect === undefined)).reduce((n, g) => n + g.count, 0);
  const known = results.flatMap((r) => r.groups.filter((g) => g.defect !== undefined)).reduce((n, g) => n + g.count, 0);
  const sent = results.map((r) => `${r.sent} on ${r.dialect}`).join(', ');
  console.log(`\nfuzz: ${sent}; ${fresh} new failures, ${known} known`);
  return fresh > 0 ? 1 : 0;
}

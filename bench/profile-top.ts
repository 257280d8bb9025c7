/**
 * The functions a V8 CPU profile spent the most self time in, for issue #14 §3's
 * before-and-after tops:
 * `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/run.ts --only get`, then
 * `node --import tsx bench/profile-top.ts DIR/CPU.….cpuprofile [N] [--last S]` (N defaults to 10).
 * `--last S` keeps the profile's last S seconds only: with `--only get` the last
 * scenario is GET calendar, so `--last 10` leaves out the start and the baseline.
 * The main thread's profile is the one whose name has `.0.` after the pid.
 * Self time counts the samples whose top frame is the function, as a share of
 * the busy time: `(idle)` is left out of the ranking and printed apart;
 * `(program)` and `(garbage collector)` are V8's own and are ranked like the rest.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export function selfTimes(profile: Profile, lastSeconds = Infinity): { idleMs: number; busy: Array<{ name: string; ms: number; share: number }> } {
  const frameOf = new Map<number, string>();
  for (const { id, callFrame: { functionName, url, lineNumber } } of profile.nodes) {
    const where = url ? ` ${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    frameOf.set(id, `${functionName || '(anonymous)'}${where}`);
  }
  const totals = new Map<string, number>();
  const span = profile.timeDeltas.reduce((sum, us) => sum + us, 0);
  const from = span - lastSeconds * 1e6;
  let at = 0;
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < from) return;
    all += us;
    const name = frameOf.get(id) ?? '?';
    totals.set(name, (totals.get(name) ?? 0) + us);
  });
  const idle = totals.get('(idle)') ?? 0;
  totals.delete('(idle)');
  const busy = [...totals].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: us / (all - idle) }));
  return { idleMs: idle / 1000, busy };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { last: { type: 'string' } } });
const [file, count = '10'] = positionals;
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [N] [--last S]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const { idleMs, busy } = selfTimes(profile, values.last === undefined ? Infinity : Number(values.last));
for (const { name, ms, share } of busy.slice(0, Number(count))) {
  console.log(`${ms.toFixed(0).padStart(8)} ms ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
}
console.log(`(idle ${idleMs.toFixed(0)} ms, not ranked)`);

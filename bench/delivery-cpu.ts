/**
 * CPU time of every participant of the delivery bench (issue #9 §8), per
 * thread: larkcal's server thread, larkcal's delivery threads (if any), the
 * bench's writer, the webhook receiver (the SDK's EventDispatcher) and the
 * SDK's WSClient, each on its own thread; "other" is the rest of the process
 * (V8's platform threads: concurrent GC and compilation for every thread's
 * heap; libuv's pool): process.cpuUsage() less the threads.
 * Linux's per-thread counters (/proc), as Node 20 has no threadCpuUsage.
 */
import { readFileSync } from 'node:fs';

/** ms of CPU per participant over some window. */
export type CpuUse = Record<string, number>;

type Reader = () => Promise<number | null | undefined> | number | null | undefined;

/** CPU ms a thread of this process used so far, by its Linux thread id; undefined off Linux. */
export function threadCpuMs(tid: number | 'thread-self'): number | undefined {
  try {
    const path = tid === 'thread-self' ? '/proc/thread-self/stat' : `/proc/self/task/${tid}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export class CpuMeter {
  /** `threads`: each participant's reader, in the order the table lists them. */
  constructor(private readonly threads: Array<[name: string, read: Reader]>) {}

  /** A reading now; `since` turns two into the CPU each used between them. */
  async read(): Promise<CpuUse | undefined> {
    const use: CpuUse = {};
    for (const [name, read] of this.threads) {
      const ms = await read();
      if (ms === null || ms === undefined) return undefined;
      use[name] = ms;
    }
    use.other = processCpuMs() - Object.values(use).reduce((a, b) => a + b, 0);
    return use;
  }

  async since(start: CpuUse | undefined): Promise<CpuUse | undefined> {
    const now = await this.read();
    if (!start || !now) return undefined;
    return Object.fromEntries(Object.entries(now).map(([name, ms]) => [name, ms - (start[name] ?? 0)]));
  }
}

/** Several windows' use as one. */
export function addUp(uses: Array<CpuUse | undefined>): CpuUse | undefined {
  if (uses.some((use) => use === undefined)) return undefined;
  const sum: CpuUse = {};
  for (const use of uses as CpuUse[]) for (const [name, ms] of Object.entries(use)) sum[name] = (sum[name] ?? 0) + ms;
  return sum;
}

export const totalOf = (use: CpuUse) => Object.values(use).reduce((a, b) => a + b, 0);

const LABELS: Record<string, string> = {
  server: 'larkcal, server thread',
  sender: 'larkcal, delivery thread',
  writer: 'bench writer (creates)',
  webhook: 'webhook receiver (SDK EventDispatcher)',
  ws: 'SDK WSClient',
  other: 'other threads (V8: GC, JIT; libuv pool)',
};
/** Not larkcal's to change: the bench's writer and the SDK's receivers. */
const THEIRS = ['writer', 'webhook', 'ws'];

interface Window { cpu: CpuUse | undefined; count: number; perSecond: number }

/**
 * The CPU table (ms per create, off and on) and what it says of the write
 * ratio target: on `cores` cores, creates with delivery can go no faster than
 * cores × 1000 ms over what one create costs all participants together.
 */
export function cpuReport(off: Window, on: Window, cores: number, ratioTarget: number): string[] {
  if (!off.cpu || !on.cpu) return ['CPU per create: not measured (no per-thread counters on this system)'];
  const per = (w: Window, name: string) => (w.cpu![name] ?? 0) / w.count;
  const names = [...new Set([...Object.keys(off.cpu), ...Object.keys(on.cpu)])];
  const lines = ['CPU per create, by thread (ms; off: while writing; on: until both transports received all):'];
  lines.push(`  ${'participant'.padEnd(44)}${'off'.padStart(8)}${'on'.padStart(8)}${'on − off'.padStart(10)}`);
  for (const name of names) {
    lines.push(`  ${(LABELS[name] ?? name).padEnd(44)}${per(off, name).toFixed(2).padStart(8)}${per(on, name).toFixed(2).padStart(8)}${(per(on, name) - per(off, name)).toFixed(2).padStart(10)}`);
  }
  const all = (w: Window) => totalOf(w.cpu!) / w.count;
  lines.push(`  ${'all'.padEnd(44)}${all(off).toFixed(2).padStart(8)}${all(on).toFixed(2).padStart(8)}${(all(on) - all(off)).toFixed(2).padStart(10)}`);

  const budget = (cores * 1000) / (ratioTarget * off.perSecond);
  const theirs = THEIRS.reduce((ms, name) => ms + per(on, name), 0);
  const receivers = per(on, 'webhook') + per(on, 'ws');
  const larkcalOff = all(off) - THEIRS.reduce((ms, name) => ms + per(off, name), 0);
  const larkcalOn = all(on) - theirs;
  lines.push(`  on ${cores} cores, creates with delivery at this cost can go at most ${((cores * 1000) / all(on)).toFixed(0)}/s; ${ratioTarget}× of ${off.perSecond.toFixed(0)}/s allows ${budget.toFixed(2)} ms per create for everyone together`);
  lines.push(`  of that, the SDK's receivers take ${receivers.toFixed(2)} ms and the writer ${per(on, 'writer').toFixed(2)} ms (${theirs.toFixed(2)} ms larkcal cannot change); larkcal takes ${larkcalOff.toFixed(2)} ms without delivery, ${larkcalOn.toFixed(2)} ms with`);
  // The server thread is one core whatever the machine has: while it is the bottleneck both ways, it alone sets the ratio.
  const serverOff = per(off, 'server');
  const serverOn = per(on, 'server');
  lines.push(`  the server thread, one core, bounds the ratio at ${(serverOff / serverOn).toFixed(2)}× (${serverOff.toFixed(2)} / ${serverOn.toFixed(2)} ms); ${ratioTarget}× lets delivery add ${(serverOff / ratioTarget - serverOff).toFixed(2)} ms per create to it, it adds ${(serverOn - serverOff).toFixed(2)} ms`);
  const left = budget - theirs - larkcalOff;
  lines.push(left <= 0
    ? `  so ${ratioTarget}× is out of reach on ${cores} cores even with free delivery: the receivers and the writer alone leave larkcal ${(budget - theirs).toFixed(2)} ms, less than its ${larkcalOff.toFixed(2)} ms without delivery`
    : `  which leaves larkcal's delivery ${left.toFixed(2)} ms per create (two deliveries); it uses ${(larkcalOn - larkcalOff).toFixed(2)} ms`);
  return lines;
}

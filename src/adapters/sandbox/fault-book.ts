/**
 * The faults a sandbox injects (issue #12 §4): Open API calls answered with an
 * error or delayed, change-event deliveries dropped or delayed. Held in
 * memory, first added first tried; `times` counts down to the fault's removal
 * and `probability` draws from one seeded generator, so a run with the same
 * `--seed-random` and the same calls fires the same faults.
 */
import type { PresetName } from './presets.js';

export interface FaultMatch {
  method?: string;
  /** A route pattern (`/open-apis/calendar/v4/calendars/:calendar_id`) or an exact path. */
  path?: string;
  app_id?: string;
  /** On change-event deliveries rather than Open API calls. */
  delivery?: true;
}

export interface FaultResponse {
  http_status?: number;
  code?: number;
  msg?: string;
  headers?: Record<string, string>;
}

/** A fault as given (validated) and shown. */
export interface FaultSpec {
  match: FaultMatch;
  /** `drop` on deliveries only; the others on Open API calls only. */
  preset?: PresetName | 'drop';
  response?: FaultResponse;
  delay_ms: number;
  /** How many more times it fires; null: until deleted. */
  times: number | null;
  probability: number;
}

export interface Fault extends FaultSpec {
  id: string;
}

/** What a call looks like to the matcher. */
export interface CallFacts {
  method: string;
  path: string;
  /** The Fastify route pattern, prefix included; undefined for unknown paths. */
  route: string | undefined;
  appId: string | undefined;
}

export class FaultBook {
  private readonly faults: Fault[] = [];
  private readonly random: () => number;
  private nextId = 1;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = { id: `fault_${this.nextId++}`, ...spec };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.faults.splice(i, 1);
    return true;
  }

  /** The fault that fires for this Open API call, already counted down; undefined when none does. */
  forCall(call: CallFacts): Fault | undefined {
    return this.fire((m) => !m.delivery && matchesCall(m, call));
  }

  /** The fault that fires for this delivery attempt, already counted down. */
  forDelivery(appId: string): Fault | undefined {
    return this.fire((m) => m.delivery === true && (m.app_id === undefined || m.app_id === appId));
  }

  private fire(applies: (match: FaultMatch) => boolean): Fault | undefined {
    for (const fault of this.faults) {
      if (!applies(fault.match)) continue;
      // Drawn only for faults that are less than certain, so adding a certain one leaves the others' draws as they were.
      if (fault.probability < 1 && this.random() >= fault.probability) continue;
      if (fault.times !== null && --fault.times <= 0) this.remove(fault.id);
      return fault;
    }
    return undefined;
  }
}

function matchesCall(m: FaultMatch, call: CallFacts): boolean {
  if (m.method !== undefined && m.method !== call.method) return false;
  if (m.app_id !== undefined && m.app_id !== call.appId) return false;
  if (m.path === undefined) return true;
  const path = trimSlash(m.path);
  // Feishu's gateway serves `/path` and `/path/` alike (platform.md §1), and so does the matcher.
  return path === trimSlash(call.route ?? '') || path === trimSlash(call.path) || path === trimSlash(safeDecode(call.path));
}

const trimSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** mulberry32: a tiny, well-mixed 32-bit generator; enough for coin flips that must repeat. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

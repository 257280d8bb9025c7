/**
 * ical.js's RecurIterator with its work metered (issue #16 §1). Its `next()`
 * tries candidate after candidate until one passes the rule's filters, and for
 * DAILY and WEEKLY rules it never gives up: `FREQ=DAILY;INTERVAL=7;BYDAY=MO`
 * from a Tuesday never matches, and no text check can know that without the
 * start. Its YEARLY start searches up to the year 20000. Nothing outside can
 * interrupt a synchronous loop, so the calls its work is made of are counted
 * from inside, and a spent meter throws out of the loop:
 *   - `gap`: no occurrence within GAP_UNITS of work since the last one (the
 *     rule has, in practice, stopped: a daily leap-day rule's longest gap, eight
 *     years across 2100, costs about 2,900);
 *   - `total`: one expansion did TOTAL_UNITS of work, occurrences included
 *     (each costs OCCURRENCE_UNITS for its zone conversion and bookkeeping).
 * A unit is one candidate tried, one weekday tested, a fortieth of a year
 * expanded: a few microseconds, some tens on a loaded machine, so an expansion
 * takes well under a second even then. There is deliberately no wall-clock
 * budget: cutting by the clock made answers depend on the machine's load
 * (a property test comparing expansions failed under load); counting work
 * bounds the time as surely and answers the same every time.
 */
import ICAL from 'ical.js';

export const GAP_UNITS = 4_000;
export const TOTAL_UNITS = 30_000;
export const OCCURRENCE_UNITS = 3;

export type Exhaustion = 'gap' | 'total';

export class MeterSpent extends Error {
  constructor(readonly reason: Exhaustion) {
    super(`recurrence expansion stopped: ${reason} budget spent`);
  }
}

interface Meter {
  used: number;
  sinceLast: number;
}

/** The meter of the iterator now running; iterators run synchronously, one at a time. */
let running: Meter | undefined;

function spend(units: number): void {
  const meter = running;
  if (!meter) return;
  meter.used += units;
  meter.sinceLast += units;
  if (meter.sinceLast > GAP_UNITS) throw new MeterSpent('gap');
  if (meter.used > TOTAL_UNITS) throw new MeterSpent('total');
}

/** The three calls ical.js's searches repeat: one per candidate, one per weekday test, one per year expanded. */
class CountingIterator extends ICAL.RecurIterator {
  override check_contracting_rules(): boolean {
    spend(1);
    return super.check_contracting_rules();
  }

  override ruleDayOfWeek(dow: unknown, weekStart?: Parameters<ICAL.RecurIterator['ruleDayOfWeek']>[1]): unknown[] {
    spend(1);
    return super.ruleDayOfWeek(dow, weekStart);
  }

  override expand_year_days(year: unknown): number {
    spend(40);
    return super.expand_year_days(year);
  }
}

/**
 * An iterator over `rule` from `dtstart` whose `next()` returns the next
 * occurrence, null at the rule's end, or throws MeterSpent (or whatever ical.js
 * throws for a rule it cannot iterate).
 */
export class MeteredIterator {
  private readonly meter: Meter = { used: 0, sinceLast: 0 };
  private readonly iterator: ICAL.RecurIterator;

  constructor(rule: ICAL.Recur, dtstart: ICAL.Time) {
    this.iterator = this.run(() => new CountingIterator({ rule, dtstart }));
  }

  next(): ICAL.Time | null {
    const found = this.run(() => {
      // Charged up front: each call hands out one occurrence that the caller then converts.
      spend(OCCURRENCE_UNITS);
      return this.iterator.next();
    });
    this.meter.sinceLast = 0;
    return found ?? null;
  }

  private run<T>(work: () => T): T {
    const outer = running;
    running = this.meter;
    try {
      return work();
    } finally {
      running = outer;
    }
  }
}

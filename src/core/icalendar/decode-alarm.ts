/**
 * VALARMs → reminders (minutes before the start, negative after it). Any ACTION
 * counts: Feishu has one kind of reminder. A trigger relative to the end, or at
 * an absolute time, is turned into minutes from the start; seconds round to the
 * nearest minute.
 */
import ICAL from 'ical.js';
import type { Reminder } from '../events/model.js';
import { dateToUtcSeconds } from '../events/time.js';
import type { IcsTime } from './decode-time.js';
import { paramText } from './decode-time.js';
import { ICalendarError } from './errors.js';

const seconds = (t: IcsTime) => (t.kind === 'date' ? dateToUtcSeconds(t.date) : t.ts);

export function decodeReminders(vevent: ICAL.Component, start: IcsTime, end: IcsTime, uid: string): Reminder[] {
  const out: Reminder[] = [];
  for (const valarm of vevent.getAllSubcomponents('valarm')) {
    const trigger = valarm.getFirstProperty('trigger');
    if (!trigger) throw new ICalendarError('invalid_property', `a VALARM of ${uid} has no TRIGGER`, uid, 'TRIGGER');
    const value = trigger.getFirstValue() as unknown;
    let before: number;
    if (value instanceof ICAL.Duration) {
      const anchor = paramText(trigger, 'related')?.toUpperCase() === 'END' ? seconds(end) : seconds(start);
      before = seconds(start) - (anchor + value.toSeconds());
    } else if (value instanceof ICAL.Time) {
      before = seconds(start) - value.toUnixTime();
    } else {
      throw new ICalendarError('invalid_property', `a VALARM of ${uid} has a TRIGGER larkcal cannot read`, uid, 'TRIGGER');
    }
    out.push({ minutes: Math.round(before / 60) });
  }
  return out;
}

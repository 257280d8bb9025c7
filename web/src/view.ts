/** Area ② (issue #13): FullCalendar's time grid, day grid and list views over the shown calendars, plus the free/busy overlay. */
import { Calendar as FullCalendar, type EventInput, type EventSourceFuncArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import timeGridPlugin from '@fullcalendar/timegrid';
import { describe } from './api.js';
import { datePicker } from './date-picker.js';
import { cssColor, freeBusy, type CalEvent } from './feishu.js';
import { fetchAround, instancesOf } from './instances.js';
import { canWrite, showStatus, state } from './state.js';
import { startOf } from './series.js';
import { fromWall, toWall } from './zone.js';

/** Views at most this long (day, week, agenda week) fetch the ranges either side ahead; a month's neighbours vary in length. */
const FETCH_AROUND_MS = 7 * 24 * 3600 * 1000;

/**
 * An event's "14:00 - 15:00". FullCalendar's own range formatting builds a new Intl.DateTimeFormat
 * for every event it draws (NativeFormatter.formatRange): a third of a busy week's drawing time.
 */
type Clock = { hour: number; minute: number };
function eventTime(arg: { date: Clock; start: Clock; end?: Clock | null; defaultSeparator: string }): string {
  const hhmm = (d: Clock) => `${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`;
  return arg.end ? `${hhmm(arg.start)}${arg.defaultSeparator}${hhmm(arg.end)}` : hhmm(arg.date);
}

export interface ViewHandlers {
  select(startWall: number, endWall: number, allDay: boolean): void;
  open(calendarId: string, event: CalEvent): void;
  move(calendarId: string, event: CalEvent, startWall: number, endWall: number, allDay: boolean, revert: () => void): void;
}

export function createView(root: HTMLElement, handlers: ViewHandlers): FullCalendar {
  const narrow = window.matchMedia('(max-width: 700px)').matches;
  const picker = datePicker((date) => calendar.gotoDate(date));
  const calendar = new FullCalendar(root, {
    plugins: [timeGridPlugin, dayGridPlugin, listPlugin, interactionPlugin],
    timeZone: 'UTC',
    now: () => toWall(Date.now(), state.zone),
    initialView: narrow ? 'timeGridDay' : 'timeGridWeek',
    firstDay: 1,
    headerToolbar: { left: 'today prev,next', center: 'title', right: 'timeGridDay,timeGridWeek,dayGridMonth,listWeek' },
    buttonText: { today: 'Today', day: 'Day', week: 'Week', month: 'Month', list: 'Agenda' },
    buttonHints: { prev: 'Previous $0', next: 'Next $0', today: 'Go to today' },
    nowIndicator: true,
    eventTimeFormat: eventTime,
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    scrollTime: '08:00:00',
    height: 'auto',
    selectable: true,
    selectMirror: true,
    editable: true,
    eventStartEditable: true,
    eventDurationEditable: true,
    dayMaxEvents: true,
    slotEventOverlap: false,
    eventSources: [{ id: 'events', events: loadEvents }, { id: 'freebusy', events: loadFreeBusy }],
    select: (info) => {
      handlers.select(info.start.getTime(), info.end.getTime(), info.allDay);
      calendar.unselect();
    },
    eventClick: (info) => {
      info.jsEvent.preventDefault();
      const { calendarId, event } = info.event.extendedProps as { calendarId?: string; event?: CalEvent };
      if (calendarId && event) handlers.open(calendarId, event);
    },
    eventDrop: (info) => moved(info.event, info.revert),
    eventResize: (info) => moved(info.event, info.revert),
    eventDidMount: (info) => {
      const { event } = info.event.extendedProps as { event?: CalEvent };
      if (!event) return;
      // The grid's events are reachable with Tab and open with Enter.
      info.el.setAttribute('tabindex', '0');
      info.el.setAttribute('role', 'button');
      info.el.dataset.eventId = event.event_id;
      info.el.addEventListener('keydown', (key) => {
        if (key.key === 'Enter' || key.key === ' ') {
          key.preventDefault();
          info.el.click();
        }
      });
    },
    // A month cell is named by its day number only (the number link's "March 9, 2026" hid its events from its name).
    dayCellDidMount: (info) => info.el.removeAttribute('aria-labelledby'),
    loading: (busy) => {
      root.setAttribute('aria-busy', String(busy));
      if (!busy) markDrawn(root);
    },
    // FullCalendar's chevrons are role=img without a name; the buttons around them have one (buttonHints).
    datesSet: () => {
      root.querySelectorAll('.fc-icon').forEach((icon) => icon.setAttribute('aria-hidden', 'true'));
      picker.place(root, calendar.getDate());
    },
  });

  function moved(event: { start: Date | null; end: Date | null; allDay: boolean; extendedProps: Record<string, unknown> }, revert: () => void) {
    const { calendarId, event: source } = event.extendedProps as { calendarId: string; event: CalEvent };
    const start = event.start!.getTime();
    const end = event.end?.getTime() ?? start + (event.allDay ? 86_400_000 : 3_600_000);
    handlers.move(calendarId, source, start, end, event.allDay, revert);
  }
  return calendar;
}

/** The range of the last load that knew the user's calendars (the first render's knows none yet). */
let loaded = '';
/** What that load fetches ahead once its events are on screen. */
let ahead: () => void = () => undefined;

/**
 * `data-events-drawn` on the view: the range whose events are on screen, set in the frame after the
 * load, once FullCalendar has rendered them (what the web bench, bench/web.ts, waits for). The
 * ranges either side are fetched only then, so their answers do not hold up this frame.
 */
function markDrawn(root: HTMLElement): void {
  const range = loaded;
  if (!range) return;
  const fetchAhead = ahead;
  requestAnimationFrame(() => {
    root.dataset.eventsDrawn = range;
    setTimeout(fetchAhead, 0);
  });
}

/**
 * The shown calendars' occurrences in the range. Given through `success`, at once when every
 * window was fetched ahead (instances.ts): FullCalendar then draws the new range with its events
 * in one pass, where a promise would draw the empty range first and the events a task later.
 */
function loadEvents(range: EventSourceFuncArg, success: (events: EventInput[]) => void): void {
  const known = state.calendars.length > 0;
  const zone = state.zone;
  const start = fromWall(range.start.getTime(), zone);
  const end = fromWall(range.end.getTime(), zone);
  const shown = state.calendars.filter((c) => !state.hidden.has(c.calendar_id) && c.role !== 'free_busy_reader' && c.type !== 'resource');
  const draw = (lists: CalEvent[][]) => {
    if (known) {
      loaded = `${range.startStr}/${range.endStr}`;
      ahead = range.end.getTime() - range.start.getTime() > FETCH_AROUND_MS ? () => undefined
        : () => shown.forEach((c) => fetchAround(c.calendar_id, range.start.getTime(), range.end.getTime(), (wall) => fromWall(wall, zone)));
    }
    success(lists.flatMap((items, i) => {
      const calendar = shown[i]!;
      return items.filter((e) => e.status !== 'cancelled').map((event) => toInput(calendar.calendar_id, event, cssColor(calendar.color), canWrite(calendar)));
    }));
  };
  const lists = shown.map((calendar) => instancesOf(calendar.calendar_id, start, end));
  if (lists.every(Array.isArray)) return draw(lists as CalEvent[][]);
  Promise.all(lists).then(draw).catch((error: unknown) => {
    showStatus(`Could not load events: ${describe(error)}`);
    success([]);
  });
}

function toInput(calendarId: string, event: CalEvent, color: string, writable: boolean): EventInput {
  const allDay = event.start_time.date !== undefined;
  const wall = (time: CalEvent['start_time']) => (allDay ? startOf(time) : toWall(startOf(time), state.zone));
  return {
    id: `${calendarId}|${event.event_id}`,
    title: event.summary || '(No title)',
    start: wall(event.start_time),
    end: wall(event.end_time),
    allDay,
    backgroundColor: color,
    borderColor: color,
    textColor: readableOn(color),
    editable: writable,
    classNames: [event.self_rsvp_status === 'decline' ? 'declined' : '', event.self_rsvp_status === 'needs_action' ? 'unanswered' : '', isTimeOff(event) ? 'timeoff' : ''].filter(Boolean),
    extendedProps: { calendarId, event },
  };
}

/**
 * A leave from the time-off API (calendars.md §6). Its event carries no marker of that, so the
 * documented default titles tell it (a finding: an app's own title hides it).
 */
export const isTimeOff = (event: CalEvent): boolean => /请假|Time Off/.test(event.summary ?? '');

/** White or near-black text, whichever meets WCAG's 4.5:1 on `hex`. */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05) >= 4.5 ? '#ffffff' : '#1f2329';
}

/**
 * Colleagues' busy blocks as background events (freebusy/list per colleague, calendars.md §5.2);
 * none at once when nobody is overlaid, so a switch draws in one pass (see loadEvents).
 */
function loadFreeBusy(range: EventSourceFuncArg, success: (events: EventInput[]) => void): void | Promise<EventInput[]> {
  if (state.overlays.length === 0) return success([]);
  return busyBlocks(range);
}

async function busyBlocks(range: EventSourceFuncArg): Promise<EventInput[]> {
  const start = new Date(fromWall(range.start.getTime(), state.zone));
  const end = new Date(fromWall(range.end.getTime(), state.zone));
  try {
    const lists = await Promise.all(state.overlays.map(async (person) => (await freeBusy(person.openId, start, end)).map((item): EventInput => ({
      title: `${person.name}: busy`,
      start: toWall(Date.parse(item.start_time), state.zone),
      end: toWall(Date.parse(item.end_time), state.zone),
      display: 'background',
      classNames: ['fb-busy'],
      extendedProps: { freeBusyOf: person.openId },
    }))));
    return lists.flat();
  } catch (error) {
    showStatus(`Could not load free/busy: ${describe(error)}`);
    return [];
  }
}

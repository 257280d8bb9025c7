/** The web calendar's start: who is signed in, their zone, the sidebar ①, the time view ②, and the dialogs. */
import './style.css';
import { describe } from './api.js';
import { userTimeZone, type CalEvent } from './feishu.js';
import { openDetails } from './details.js';
import { openEditor } from './editor.js';
import { askScope } from './scope.js';
import { applyChange, isRecurring } from './series.js';
import { reloadCalendars, wireSidebar } from './sidebar.js';
import { clearStatus, el, saveZone, showStatus, state } from './state.js';
import { forgetFetched } from './instances.js';
import { fromWall, toWall, zones } from './zone.js';

async function start(): Promise<void> {
  // FullCalendar is most of the script: it loads and compiles while the session is asked, and the
  // page paints its frame without waiting for it (issue #13 §5: first paint within 1 s).
  const viewModule = import('./view.js');
  const session = await fetch('/web/session', { credentials: 'same-origin' });
  if (session.status === 401) {
    window.location.assign('/web/signin');
    return;
  }
  const me = (await session.json()) as { open_id: string; name: string; tenant_name: string };
  state.me = { openId: me.open_id, name: me.name, tenantName: me.tenant_name };
  document.getElementById('who')!.textContent = `${me.name} · ${me.tenant_name}`;
  if (!state.zone) {
    const own = await userTimeZone(me.open_id).catch(() => undefined);
    saveZone(own ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  }

  const { createView } = await viewModule;
  const view = createView(document.getElementById('calendar')!, {
    select: (startWall, endWall, allDay) => openEditor({ startWall, endWall, allDay }, refetch),
    open: (calendarId, event) => void openDetails(calendarId, event, {
      edit: (id, occurrence, master, attendees) => openEditor({
        existing: { calendarId: id, occurrence, master, attendees }, ...wallRange(occurrence, view.getEventById(`${id}|${occurrence.event_id}`)),
      }, refetch),
      changed: refetch,
    }),
    move: (calendarId, event, startWall, endWall, allDay, revert) => void move(calendarId, event, startWall, endWall, allDay, revert),
  });
  // Every refetch is after a change of the user's, or of what is shown: what was fetched ahead is stale.
  const refetch = () => {
    forgetFetched();
    view.getEventSourceById('events')?.refetch();
  };
  const handlers = { refetch, refetchFreeBusy: () => view.getEventSourceById('freebusy')?.refetch() };
  // The list's request goes out first and is answered while FullCalendar draws its first, empty grid
  // (a few hundred milliseconds on a loaded machine): its answer refetches the events.
  const calendars = reloadCalendars(handlers);
  view.render();
  wireSidebar(handlers);
  wireTimeZone(refetch);
  wireChrome();
  await calendars;
}

function wallRange(occurrence: CalEvent, shown: { start: Date | null; end: Date | null; allDay: boolean } | null): { startWall: number; endWall: number; allDay: boolean } {
  return { startWall: shown?.start?.getTime() ?? 0, endWall: shown?.end?.getTime() ?? 0, allDay: shown?.allDay ?? occurrence.start_time.date !== undefined };
}

async function move(calendarId: string, event: CalEvent, startWall: number, endWall: number, allDay: boolean, revert: () => void): Promise<void> {
  const scope = isRecurring(event) ? await askScope('Move') : 'this';
  if (!scope) return revert();
  const timeOf = (wall: number) => (allDay ? { date: new Date(wall).toISOString().slice(0, 10) } : { timestamp: String(Math.floor(fromWall(wall, state.zone) / 1000)), timezone: state.zone });
  const startTime = timeOf(startWall);
  const endTime = timeOf(endWall);
  try {
    await applyChange(calendarId, event, scope, (base) => {
      if (base.event_id === event.event_id || allDay) return { start_time: startTime, end_time: endTime };
      const delta = Number(startTime.timestamp) - Number(event.start_time.timestamp);
      const length = Number(endTime.timestamp) - Number(startTime.timestamp);
      const begin = Number(base.start_time.timestamp) + delta;
      return { start_time: { timestamp: String(begin), timezone: state.zone }, end_time: { timestamp: String(begin + length), timezone: state.zone } };
    });
    clearStatus();
  } catch (error) {
    revert();
    showStatus(`Could not move the event: ${describe(error)}`);
  }
  document.dispatchEvent(new CustomEvent('larkcal:refetch'));
}

function wireTimeZone(refetch: () => void): void {
  const select = document.getElementById('timezone') as HTMLSelectElement;
  const all = zones();
  if (!all.includes(state.zone)) all.unshift(state.zone);
  select.replaceChildren(...all.map((zone) => el('option', { value: zone, selected: zone === state.zone }, zone)));
  select.addEventListener('change', () => {
    saveZone(select.value);
    refetch();
  });
  document.addEventListener('larkcal:refetch', refetch);
}

function wireChrome(): void {
  const toggle = document.getElementById('toggle-sidebar')!;
  const sidebar = document.getElementById('sidebar')!;
  if (window.matchMedia('(max-width: 700px)').matches) {
    sidebar.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
  }
  toggle.addEventListener('click', () => {
    sidebar.hidden = !sidebar.hidden;
    toggle.setAttribute('aria-expanded', String(!sidebar.hidden));
  });
  document.getElementById('create')!.addEventListener('click', () => {
    const hour = 3_600_000;
    const startWall = Math.ceil(toWall(Date.now(), state.zone) / hour) * hour;
    openEditor({ startWall, endWall: startWall + hour, allDay: false }, () => document.dispatchEvent(new CustomEvent('larkcal:refetch')));
  });
  document.getElementById('sign-out')!.addEventListener('click', async () => {
    await fetch('/web/signout', { method: 'POST', credentials: 'same-origin' });
    window.location.assign('/web/signed-out');
  });
}

start().catch((error: unknown) => showStatus(`The calendar could not start: ${describe(error)}`));

/** Area ① (issue #13): the user's calendars with show/hide and colours, shared-calendar management, search and subscribe, the free/busy people. */
import { describe } from './api.js';
import { createCalendar, cssColor, deleteCalendar, feishuColor, listCalendars, patchCalendar, searchCalendars, subscribe, unsubscribe, userByEmail, type Calendar } from './feishu.js';
import { clearStatus, el, saveHidden, showStatus, state } from './state.js';

export interface SidebarHandlers {
  /** The events to show changed (a calendar shown, hidden, added or gone). */
  refetch(): void;
  /** The free/busy overlay changed. */
  refetchFreeBusy(): void;
}

const ROLE_WORDS: Record<Calendar['role'], string> = { owner: 'owner', writer: 'can edit', reader: 'read-only', free_busy_reader: 'free/busy only', unknown: 'no access' };

export async function reloadCalendars(handlers: SidebarHandlers): Promise<void> {
  try {
    state.calendars = await listCalendars();
  } catch (error) {
    showStatus(`Could not load your calendars: ${describe(error)}`);
    return;
  }
  renderList(handlers);
  handlers.refetch();
}

function nameOf(calendar: Calendar): string {
  return calendar.summary_alias || calendar.summary || '(Untitled calendar)';
}

function renderList(handlers: SidebarHandlers): void {
  const list = document.getElementById('calendar-list')!;
  list.replaceChildren(...state.calendars.filter((c) => c.type !== 'resource').map((calendar) => item(calendar, handlers)));
}

function item(calendar: Calendar, handlers: SidebarHandlers): HTMLLIElement {
  const id = `cal-${calendar.calendar_id.replace(/[^A-Za-z0-9]/g, '')}`;
  const checkbox = el('input', { type: 'checkbox', id, checked: !state.hidden.has(calendar.calendar_id) });
  checkbox.style.accentColor = cssColor(calendar.color);
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) state.hidden.delete(calendar.calendar_id);
    else state.hidden.add(calendar.calendar_id);
    saveHidden();
    handlers.refetch();
  });
  const readOnly = calendar.is_third_party || calendar.role === 'reader' || calendar.role === 'free_busy_reader';
  const label = el('label', { htmlFor: id }, el('span', { className: 'swatch', ariaHidden: 'true' }), nameOf(calendar));
  (label.firstChild as HTMLElement).style.background = cssColor(calendar.color);
  const badges = el('span', { className: 'badges' }, readOnly ? el('span', { className: 'badge' }, calendar.is_third_party ? 'third-party, read-only' : ROLE_WORDS[calendar.role]) : '');
  const menu = el('details', { className: 'calendar-menu' }, el('summary', { ariaLabel: `Settings of ${nameOf(calendar)}` }, '⋯'), settings(calendar, handlers));
  return el('li', { dataset: { calendarId: calendar.calendar_id } }, checkbox, label, badges, menu);
}

function settings(calendar: Calendar, handlers: SidebarHandlers): HTMLElement {
  const box = el('div', { className: 'settings' });
  const uid = calendar.calendar_id.replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      clearStatus();
      await reloadCalendars(handlers);
    } catch (error) {
      showStatus(describe(error));
    }
  };
  const colour = el('input', { type: 'color', id: `colour-${uid}`, value: cssColor(calendar.color) });
  const alias = el('input', { id: `alias-${uid}`, value: calendar.summary_alias ?? '', maxLength: 255 });
  box.append(
    el('label', { htmlFor: colour.id }, 'Colour'), colour,
    el('label', { htmlFor: alias.id }, 'Alias (only you see it)'), alias,
    el('button', { type: 'button', onclick: () => run(() => patchCalendar(calendar.calendar_id, { color: feishuColor(colour.value), summary_alias: alias.value })) }, 'Save'),
  );
  if (calendar.type === 'shared' && calendar.role === 'owner') {
    const name = el('input', { id: `name-${uid}`, value: calendar.summary, maxLength: 255 });
    box.append(
      el('label', { htmlFor: name.id }, 'Name'), name,
      el('button', { type: 'button', onclick: () => run(() => patchCalendar(calendar.calendar_id, { summary: name.value })) }, 'Rename'),
      el('button', { type: 'button', className: 'danger', onclick: () => confirm(`Delete the calendar “${calendar.summary}” and its events?`) && run(() => deleteCalendar(calendar.calendar_id)) }, 'Delete calendar'),
    );
  } else if (calendar.type !== 'primary' || calendar.role !== 'owner') {
    box.append(el('button', { type: 'button', onclick: () => run(() => unsubscribe(calendar.calendar_id)) }, 'Unsubscribe'));
  }
  return box;
}

export function wireSidebar(handlers: SidebarHandlers): void {
  const createForm = document.getElementById('new-calendar') as HTMLFormElement;
  createForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('new-calendar-name') as HTMLInputElement;
    try {
      await createCalendar(input.value.trim());
      input.value = '';
      clearStatus();
      await reloadCalendars(handlers);
    } catch (error) {
      showStatus(`Could not create the calendar: ${describe(error)}`);
    }
  });

  const searchForm = document.getElementById('calendar-search') as HTMLFormElement;
  searchForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const results = document.getElementById('search-results')!;
    const query = (document.getElementById('calendar-search-query') as HTMLInputElement).value.trim();
    try {
      const found = await searchCalendars(query);
      const mine = new Set(state.calendars.map((c) => c.calendar_id));
      results.replaceChildren(...(found.length === 0 ? [el('li', {}, `No public calendar matches “${query}”.`)] : found.map((calendar) => el('li', {},
        el('span', {}, calendar.summary),
        mine.has(calendar.calendar_id)
          ? el('span', { className: 'badge' }, 'Subscribed')
          : el('button', { type: 'button', ariaLabel: `Subscribe to ${calendar.summary}`, onclick: async () => {
            try {
              await subscribe(calendar.calendar_id);
              results.replaceChildren();
              await reloadCalendars(handlers);
            } catch (error) {
              showStatus(`Could not subscribe: ${describe(error)}`);
            }
          } }, 'Subscribe')))));
    } catch (error) {
      showStatus(`Search failed: ${describe(error)}`);
    }
  });

  const freeBusyForm = document.getElementById('freebusy-form') as HTMLFormElement;
  freeBusyForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('freebusy-email') as HTMLInputElement;
    try {
      const person = await userByEmail(input.value.trim());
      if (!person) return showStatus(`Nobody in your organisation has the email ${input.value.trim()}.`);
      if (!state.overlays.some((p) => p.openId === person.openId)) state.overlays.push(person);
      input.value = '';
      clearStatus();
      renderOverlays(handlers);
      handlers.refetchFreeBusy();
    } catch (error) {
      showStatus(`Could not show free/busy: ${describe(error)}`);
    }
  });
}

function renderOverlays(handlers: SidebarHandlers): void {
  const list = document.getElementById('freebusy-list')!;
  list.replaceChildren(...state.overlays.map((person) => el('li', {}, person.name, el('button', {
    type: 'button', className: 'chip-remove', ariaLabel: `Hide ${person.name}'s free/busy`,
    onclick: () => {
      state.overlays = state.overlays.filter((p) => p.openId !== person.openId);
      renderOverlays(handlers);
      handlers.refetchFreeBusy();
    },
  }, '×'))));
}

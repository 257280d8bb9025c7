/**
 * Create and edit (issue #13 §2): the fields of an event, attendees found by
 * email (contact lookups), rooms from room_find with their capacity and floor
 * (from the vc/v1 directory), and the
 * this / following / all question for a recurring event.
 */
import { describe } from './api.js';
import { addAttendees, createEvent, findRooms, roomLevels, searchRooms, suggestTimes, userByEmail, type Attendee, type CalEvent, type Room } from './feishu.js';
import { parseRule, ruleOf, WEEKDAYS, type RuleChoice } from './recurrence.js';
import { askScope } from './scope.js';
import { applyChange, isRecurring, startOf } from './series.js';
import { canWrite, el, primary, showStatus, state } from './state.js';
import { fromWall, parseWallLocal, toWall, wallDate, wallLocal } from './zone.js';

export interface EditorInput {
  /** Editing: the occurrence clicked, its stored event (the series for a plain occurrence), its attendees. */
  existing?: { calendarId: string; occurrence: CalEvent; master: CalEvent; attendees: Attendee[] };
  startWall: number;
  endWall: number;
  allDay: boolean;
}

type Picked = { kind: 'user'; openId: string; name: string } | { kind: 'room'; room: Room };

export function openEditor(input: EditorInput, saved: () => void): void {
  const dialog = document.getElementById('editor') as HTMLDialogElement;
  const source = input.existing?.master;
  const picked: Picked[] = [];
  const field = (label: string, control: HTMLElement) => el('div', { className: 'field' }, el('label', { htmlFor: control.id }, label), control);

  const title = el('input', { id: 'ev-title', value: source?.summary ?? '', maxLength: 1000, placeholder: 'Add a title' });
  const allDay = el('input', { id: 'ev-allday', type: 'checkbox', checked: input.allDay });
  const start = el('input', { id: 'ev-start' });
  const end = el('input', { id: 'ev-end' });
  const setTimes = (startWall: number, endWall: number) => {
    start.type = end.type = allDay.checked ? 'date' : 'datetime-local';
    start.value = allDay.checked ? wallDate(startWall) : wallLocal(startWall);
    end.value = allDay.checked ? wallDate(endWall - (input.allDay ? 86_400_000 : 0)) : wallLocal(endWall);
  };
  setTimes(input.startWall, input.endWall);
  allDay.addEventListener('change', () => setTimes(input.startWall, input.endWall));

  const calendars = state.calendars.filter((c) => canWrite(c) && c.type !== 'resource');
  const calendarSelect = el('select', { id: 'ev-calendar', disabled: Boolean(input.existing) },
    ...calendars.map((c) => el('option', { value: c.calendar_id, selected: c.calendar_id === (input.existing?.calendarId ?? primary()?.calendar_id) }, c.summary_alias || c.summary)));
  const rule = parseRule(source?.recurrence ?? '');
  const repeat = el('select', { id: 'ev-repeat' }, ...[['', 'Does not repeat'], ['DAILY', 'Daily'], ['WEEKLY', 'Weekly'], ['MONTHLY', 'Monthly'], ['YEARLY', 'Yearly']]
    .map(([value, text]) => el('option', { value, selected: (rule.get('FREQ') ?? '') === value }, text!)));
  const days = el('fieldset', { className: 'weekdays' }, el('legend', {}, 'On'), ...WEEKDAYS.map((day) => el('label', {},
    el('input', { type: 'checkbox', value: day, checked: (rule.get('BYDAY') ?? '').split(',').includes(day) }), day)));
  const count = el('input', { id: 'ev-count', type: 'number', min: '1', max: '5000', value: rule.get('COUNT') ?? '' });
  const until = el('input', { id: 'ev-until', type: 'date', value: rule.get('UNTIL') ? `${rule.get('UNTIL')!.slice(0, 4)}-${rule.get('UNTIL')!.slice(4, 6)}-${rule.get('UNTIL')!.slice(6, 8)}` : '' });
  const description = el('textarea', { id: 'ev-description', value: source?.description ?? '', rows: 3, maxLength: 40000 });
  const location = el('input', { id: 'ev-location', value: source?.location?.name ?? '', maxLength: 500 });
  const reminder = el('select', { id: 'ev-reminder' }, ...[['', 'No reminder'], ['5', '5 minutes before'], ['15', '15 minutes before'], ['30', '30 minutes before'], ['60', '1 hour before'], ['1440', '1 day before']]
    .map(([value, text]) => el('option', { value, selected: String(source?.reminders?.[0]?.minutes ?? '') === value }, text!)));
  const visibility = el('select', { id: 'ev-visibility' }, ...[['default', 'Default visibility'], ['public', 'Public'], ['private', 'Private']]
    .map(([value, text]) => el('option', { value, selected: (source?.visibility ?? 'default') === value }, text!)));
  const busy = el('select', { id: 'ev-freebusy' }, ...[['busy', 'Show as busy'], ['free', 'Show as free']]
    .map(([value, text]) => el('option', { value, selected: (source?.free_busy_status ?? 'busy') === value }, text!)));

  const attendeeEmail = el('input', { id: 'ev-attendee', type: 'email', placeholder: 'name@example.com', autocomplete: 'off' });
  const pickedList = el('ul', { className: 'chips', id: 'ev-picked', ariaLive: 'polite' });
  const renderPicked = () => pickedList.replaceChildren(...picked.map((p, index) => el('li', {}, p.kind === 'user' ? p.name : `${p.room.room_name} (room)`,
    el('button', { type: 'button', className: 'chip-remove', ariaLabel: `Remove ${p.kind === 'user' ? p.name : p.room.room_name}`, onclick: () => { picked.splice(index, 1); renderPicked(); } }, '×'))));
  const addPerson = async () => {
    const email = attendeeEmail.value.trim();
    if (!email) return;
    try {
      const person = await userByEmail(email);
      if (!person) return showStatus(`Nobody in your organisation has the email ${email}.`);
      picked.push({ kind: 'user', openId: person.openId, name: person.name });
      attendeeEmail.value = '';
      renderPicked();
    } catch (error) {
      showStatus(`Could not look up ${email}: ${describe(error)}`);
    }
  };
  attendeeEmail.addEventListener('keydown', (key) => {
    if (key.key === 'Enter') {
      key.preventDefault();
      void addPerson();
    }
  });
  const rooms = el('ul', { className: 'rooms', id: 'ev-rooms', ariaLive: 'polite' });
  const findRoomButton = el('button', { type: 'button', id: 'ev-find-rooms', onclick: async () => {
    const [startWall, endWall] = times();
    try {
      const found = await findRooms(new Date(fromWall(startWall, state.zone)), new Date(fromWall(endWall, state.zone)), state.zone);
      const places = await placesOf(found);
      rooms.replaceChildren(...(found.length === 0 ? [el('li', {}, 'No room is free then.')] : found.map((room) => el('li', { dataset: { room: room.room_id } },
        el('span', {}, `${room.room_name}`, el('small', {}, ` · ${room.capacity ?? '?'} seats · ${places.get(room.room_id) ?? 'floor not on record'}`)),
        el('button', { type: 'button', ariaLabel: `Book ${room.room_name}`, onclick: () => { picked.push({ kind: 'room', room }); rooms.replaceChildren(); renderPicked(); } }, 'Book')))));
    } catch (error) {
      showStatus(`Could not find rooms: ${describe(error)}`);
    }
  } }, 'Find a room');

  const suggestions = el('ul', { className: 'rooms', id: 'ev-suggestions', ariaLive: 'polite' });
  const findTimeButton = el('button', { type: 'button', id: 'ev-find-time', onclick: async () => {
    const [startWall, endWall] = times();
    const dayStart = Math.floor(startWall / 86_400_000) * 86_400_000;
    const people = [state.me.openId, ...picked.flatMap((p) => (p.kind === 'user' ? [p.openId] : []))];
    try {
      const found = await suggestTimes(new Date(fromWall(Math.max(startWall, dayStart), state.zone)), new Date(fromWall(dayStart + 86_400_000, state.zone)),
        Math.max(1, Math.round((endWall - startWall) / 60_000)), people, state.zone);
      suggestions.replaceChildren(...(found.length === 0 ? [el('li', {}, 'No time that day suits everyone.')] : found.slice(0, 5).map((slot) => {
        const from = toWall(Date.parse(slot.event_start_time), state.zone);
        const to = toWall(Date.parse(slot.event_end_time), state.zone);
        const label = `${wallLocal(from).slice(11)}–${wallLocal(to).slice(11)}`;
        return el('li', {}, el('span', {}, label, slot.recommend_reason ? el('small', {}, ` · ${slot.recommend_reason}`) : ''),
          el('button', { type: 'button', ariaLabel: `Use ${label}`, onclick: () => { start.value = wallLocal(from); end.value = wallLocal(to); suggestions.replaceChildren(); } }, 'Use'));
      })));
    } catch (error) {
      showStatus(`Could not find a time: ${describe(error)}`);
    }
  } }, 'Find a time');

  const times = (): [number, number] => {
    if (allDay.checked) return [Date.parse(`${start.value}T00:00:00Z`), Date.parse(`${end.value}T00:00:00Z`) + 86_400_000];
    return [parseWallLocal(start.value), parseWallLocal(end.value)];
  };
  const timeOf = (wall: number) => (allDay.checked ? { date: wallDate(wall) } : { timestamp: String(Math.floor(fromWall(wall, state.zone) / 1000)), timezone: state.zone });
  const fields = (): Partial<CalEvent> => {
    const [startWall, endWall] = times();
    const choice: RuleChoice = {
      freq: repeat.value as RuleChoice['freq'],
      days: [...days.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value),
      count: count.value ? Number(count.value) : undefined,
      until: until.value || undefined,
    };
    return {
      summary: title.value.trim(), description: description.value, ...(location.value.trim() && { location: { name: location.value.trim() } }),
      start_time: timeOf(startWall), end_time: timeOf(endWall), recurrence: ruleOf(choice) ?? '',
      reminders: reminder.value ? [{ minutes: Number(reminder.value) }] : [], visibility: visibility.value, free_busy_status: busy.value,
    };
  };

  const form = el('form', { method: 'dialog', className: 'editor' },
    el('h2', { id: 'editor-title' }, input.existing ? 'Edit event' : 'New event'),
    field('Title', title),
    el('div', { className: 'field inline' }, allDay, el('label', { htmlFor: 'ev-allday' }, 'All day')),
    el('div', { className: 'row' }, field('Starts', start), field('Ends', end)),
    el('p', { className: 'hint' }, `Times in ${state.zone}`),
    field('Calendar', calendarSelect),
    el('div', { className: 'row' }, field('Repeat', repeat), field('Times (count)', count), field('Until', until)),
    days,
    field('Add attendee by email (Enter)', attendeeEmail),
    el('div', { className: 'row' }, el('button', { type: 'button', onclick: addPerson }, 'Add attendee'), findRoomButton, findTimeButton),
    rooms, suggestions, pickedList,
    field('Location', location),
    field('Description', description),
    el('div', { className: 'row' }, field('Reminder', reminder), field('Visibility', visibility), field('Free/busy', busy)),
    el('div', { className: 'actions end' },
      el('button', { type: 'submit', className: 'primary', id: 'ev-save' }, 'Save'),
      el('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const [startWall, endWall] = times();
    if (!(endWall > startWall)) return showStatus('The event must end after it starts.');
    try {
      const values = fields();
      const people = picked.map((p) => (p.kind === 'user' ? { type: 'user' as const, user_id: p.openId } : { type: 'resource' as const, room_id: p.room.room_id }));
      if (input.existing) {
        const { calendarId, occurrence, master } = input.existing;
        const scope = isRecurring(occurrence) ? await askScope('Edit') : 'this';
        if (!scope) return;
        // The time fields move with the edit only when they changed: "all events" keeps each exception's own time.
        const moved = values.start_time?.timestamp !== occurrence.start_time.timestamp || values.end_time?.timestamp !== occurrence.end_time.timestamp
          || values.start_time?.date !== occurrence.start_time.date;
        const change = (base: CalEvent): Partial<CalEvent> => {
          const { start_time, end_time, recurrence, ...rest } = values;
          const patch: Partial<CalEvent> = { ...rest };
          if (moved) Object.assign(patch, shifted(base, occurrence, values, allDay.checked));
          if (scope !== 'this' && recurrence !== (master.recurrence ?? '')) patch.recurrence = recurrence;
          if (!isRecurring(occurrence)) patch.recurrence = recurrence;
          return patch;
        };
        await applyChange(calendarId, occurrence, scope, change);
        if (people.length) await addAttendees(calendarId, scope === 'this' ? occurrence.event_id : master.event_id, people);
      } else {
        // Attendees may see each other, as Feishu's own client creates events.
        const created = await createEvent(calendarSelect.value, { ...values, recurrence: values.recurrence || undefined, attendee_ability: 'can_see_others' });
        if (people.length) await addAttendees(calendarSelect.value, created.event_id, people);
      }
      dialog.close();
      saved();
    } catch (error) {
      showStatus(`Could not save the event: ${describe(error)}`);
    }
  });
  dialog.replaceChildren(form);
  dialog.showModal();
  title.focus();
}

/** The new times for `base`: the edit's own times for the occurrence; for a series, its times moved as far as the occurrence moved. */
function shifted(base: CalEvent, occurrence: CalEvent, values: Partial<CalEvent>, allDay: boolean): Partial<CalEvent> {
  if (base.event_id === occurrence.event_id || allDay) return { start_time: values.start_time, end_time: values.end_time };
  const delta = startOf(values.start_time!) - startOf(occurrence.start_time);
  const length = startOf(values.end_time!) - startOf(values.start_time!);
  const startMs = startOf(base.start_time) + delta;
  const zone = values.start_time!.timezone ?? state.zone;
  return { start_time: { timestamp: String(startMs / 1000), timezone: zone }, end_time: { timestamp: String((startMs + length) / 1000), timezone: zone } };
}


/**
 * "HQ, floor 3" of each found room, by room id. room_find answers no floor (calendars.md §5.6): the vc/v1
 * directory does, as the room's level (the last of its path) under its building's. A room it cannot place is left out.
 */
async function placesOf(found: Room[]): Promise<Map<string, string>> {
  const wanted = new Set(found.map((r) => r.room_id));
  const matches = (await Promise.all([...new Set(found.map((r) => r.room_name))].map((name) => searchRooms(name).catch(() => [])))).flat();
  const rooms = matches.filter((r) => wanted.has(r.room_id) && r.room_level_id);
  const levelIds = [...new Set(rooms.flatMap((r) => [r.room_level_id!, ...(r.path ?? []).slice(-2)]))];
  const levels = new Map((await roomLevels(levelIds).catch(() => [])).map((l) => [l.room_level_id, l]));
  // The tenant itself is the root level (no parent): a room directly under it has no floor.
  const named = (id: string | undefined) => (id && levels.get(id)?.parent_id ? levels.get(id) : undefined);
  const places = new Map<string, string>();
  for (const room of rooms) {
    const floor = named(room.room_level_id);
    if (!floor) continue;
    const building = named(floor.parent_id);
    places.set(room.room_id, `${building ? `${building.name}, ` : ''}floor ${floor.name}`);
  }
  return places;
}

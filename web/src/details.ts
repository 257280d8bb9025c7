/** Event details (issue #13 §2): what, when, how often, where, who with their answers (a group's members each with theirs), the rooms, and the user's own RSVP. */
import { ApiError, describe } from './api.js';
import { getEvent, listAttendees, listChatMembers, reply, type Attendee, type CalEvent, type ChatMember } from './feishu.js';
import { ruleInWords } from './recurrence.js';
import { deleteScoped, isRecurring, masterIdOf, startOf } from './series.js';
import { askScope } from './scope.js';
import { canWrite, el, showStatus, state } from './state.js';

const RSVP_WORDS: Record<string, string> = { accept: 'Accepted', tentative: 'Maybe', decline: 'Declined', needs_action: 'Not answered', removed: 'Removed' };

export interface DetailHandlers {
  edit(calendarId: string, event: CalEvent, master: CalEvent, attendees: Attendee[]): void;
  changed(): void;
}

export async function openDetails(calendarId: string, occurrence: CalEvent, handlers: DetailHandlers): Promise<void> {
  const dialog = document.getElementById('details') as HTMLDialogElement;
  let master: CalEvent;
  let attendees: Attendee[];
  try {
    // A plain occurrence is no stored event (events.md §2.2): its series has the description and the rule.
    const storedId = occurrence.is_exception || !isRecurring(occurrence) ? occurrence.event_id : masterIdOf(occurrence);
    // Attendees see the list only when the organizer lets them (attendee_ability, events.md §2.5): 194001 otherwise.
    [master, attendees] = await Promise.all([getEvent(calendarId, storedId), listAttendees(calendarId, storedId).catch(() => [] as Attendee[])]);
  } catch (error) {
    showStatus(`Could not open the event: ${describe(error)}`);
    return;
  }
  const calendar = state.calendars.find((c) => c.calendar_id === calendarId);
  const people = attendees.filter((a) => a.type !== 'resource');
  const members = await membersOfChats(calendarId, master.event_id, people);
  const rooms = attendees.filter((a) => a.type === 'resource');
  const mine = attendees.find((a) => a.type === 'user' && a.user_id === state.me.openId)?.rsvp_status ?? occurrence.self_rsvp_status;
  // The organizer's own calendar holds the event itself: no answer to give.
  const me = mine && occurrence.organizer_calendar_id !== calendarId ? { rsvp_status: mine } : undefined;
  const organizer = occurrence.event_organizer?.display_name ?? master.event_organizer?.display_name;
  const rows: Array<[string, Node | string]> = [
    ['When', when(occurrence)],
    ...(master.recurrence ? [['Repeats', ruleInWords(master.recurrence)] as [string, string]] : []),
    ...(master.location?.name ? [['Where', master.location.name] as [string, string]] : []),
    ...(master.vchat?.meeting_url ? [['Meeting', el('a', { href: master.vchat.meeting_url, target: '_blank', rel: 'noopener' }, master.vchat.meeting_url)] as [string, Node]] : []),
    ...(organizer ? [['Organizer', organizer] as [string, string]] : []),
    ...(master.description ? [['Description', el('p', { className: 'description' }, master.description)] as [string, Node]] : []),
    ['Calendar', calendar?.summary_alias || calendar?.summary || calendarId],
  ];
  const rsvpButtons = me ? el('div', { className: 'actions', role: 'group', ariaLabel: 'Your answer' }, ...(['accept', 'tentative', 'decline'] as const).map((answer) =>
    el('button', {
      type: 'button', className: me.rsvp_status === answer ? 'primary' : '', ariaPressed: String(me.rsvp_status === answer),
      onclick: async () => {
        try {
          await reply(calendarId, master.event_id, answer);
          dialog.close();
          handlers.changed();
        } catch (error) {
          showStatus(`Could not answer: ${describe(error)}`);
        }
      },
    }, answer === 'accept' ? 'Accept' : answer === 'tentative' ? 'Maybe' : 'Decline'))) : '';
  const writable = canWrite(calendar);
  dialog.replaceChildren(
    el('h2', { id: 'details-title' }, occurrence.summary || '(No title)'),
    el('dl', { className: 'facts' }, ...rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])),
    people.length ? el('h3', {}, `Attendees (${people.length})`) : '',
    people.length ? el('ul', { className: 'attendees', id: 'attendee-list' }, ...people.map((a) => attendeeItem(a, members.get(a.attendee_id)))) : '',
    rooms.length ? el('h3', {}, 'Rooms') : '',
    rooms.length ? el('ul', { className: 'attendees', id: 'room-list' }, ...rooms.map((room) => el('li', {}, room.display_name ?? room.room_id ?? '', el('span', { className: `rsvp ${room.rsvp_status}` }, roomState(room.rsvp_status))))) : '',
    rsvpButtons ? el('h3', {}, 'Going?') : '', rsvpButtons,
    el('div', { className: 'actions end' },
      writable ? el('button', { type: 'button', onclick: () => { dialog.close(); handlers.edit(calendarId, occurrence, master, attendees); } }, 'Edit') : '',
      writable ? el('button', { type: 'button', className: 'danger', onclick: () => remove(dialog, calendarId, occurrence, handlers) }, 'Delete') : '',
      el('button', { type: 'button', onclick: () => dialog.close() }, 'Close')),
  );
  dialog.showModal();
}

async function remove(dialog: HTMLDialogElement, calendarId: string, occurrence: CalEvent, handlers: DetailHandlers): Promise<void> {
  const scope = isRecurring(occurrence) ? await askScope('Delete') : 'this';
  if (!scope) return;
  try {
    await deleteScoped(calendarId, occurrence, scope);
    dialog.close();
    handlers.changed();
  } catch (error) {
    showStatus(`Could not delete: ${describe(error)}`);
  }
}

/** Why a chat's members are not listed: only its members may list them (194001, events.md §3.15), or the call failed. */
type Unlisted = { reason: string };

/** A chat attendee's members (events.md §3.15), by attendee id. */
async function membersOfChats(calendarId: string, eventId: string, people: Attendee[]): Promise<Map<string, ChatMember[] | Unlisted>> {
  const chats = people.filter((a) => a.type === 'chat');
  const lists = await Promise.all(chats.map((chat) => listChatMembers(calendarId, eventId, chat.attendee_id).catch((error: unknown): Unlisted => ({
    reason: error instanceof ApiError && error.code === 194001 ? 'Only the group\'s members see who is in it.' : `Could not list the members: ${describe(error)}`,
  }))));
  return new Map(chats.map((chat, i) => [chat.attendee_id, lists[i]!]));
}

function attendeeItem(a: Attendee, members?: ChatMember[] | Unlisted): HTMLLIElement {
  const name = a.display_name || a.third_party_email || a.user_id || a.chat_id || a.attendee_id;
  const item = el('li', { dataset: { attendee: a.user_id ?? a.attendee_id } }, `${name}${a.is_organizer ? ' (organizer)' : ''}${a.type === 'chat' ? ' (group)' : ''}`,
    el('span', { className: `rsvp ${a.rsvp_status ?? ''}` }, RSVP_WORDS[a.rsvp_status ?? ''] ?? a.rsvp_status ?? ''));
  if (a.type !== 'chat') return item;
  item.classList.add('chat');
  item.append(Array.isArray(members)
    ? el('ul', { className: 'chat-members', ariaLabel: `Members of ${name}` }, ...members.map((m) => el('li', { dataset: { member: m.open_id ?? '' } },
      `${m.display_name || m.open_id || ''}${m.is_organizer ? ' (organizer)' : ''}${m.is_optional ? ' (optional)' : ''}`,
      el('span', { className: `rsvp ${m.rsvp_status ?? ''}` }, RSVP_WORDS[m.rsvp_status ?? ''] ?? m.rsvp_status ?? ''))))
    : el('p', { className: 'hint chat-members' }, members?.reason ?? ''));
  return item;
}

function roomState(status: string | undefined): string {
  return status === 'accept' ? 'Booked' : status === 'decline' ? 'Booking failed' : status === 'needs_action' ? 'Booking…' : status ?? '';
}

function when(event: CalEvent): string {
  const zone = state.zone;
  if (event.start_time.date) {
    const last = new Date(startOf(event.end_time) - 86_400_000).toISOString().slice(0, 10);
    return last === event.start_time.date ? `${event.start_time.date}, all day` : `${event.start_time.date} – ${last}, all day`;
  }
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  return `${format.format(startOf(event.start_time))} – ${time.format(startOf(event.end_time))} (${zone})`;
}

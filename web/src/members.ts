/** Members of a calendar the user owns (calendars.md §4): who has which role, add by email, remove. */
import { describe } from './api.js';
import { addAcl, listAcls, removeAcl, userByEmail, userName, type Acl } from './feishu.js';
import { el, showStatus, state } from './state.js';

const ROLES: Array<[Acl['role'], string]> = [['free_busy_reader', 'Free/busy only'], ['reader', 'Reader'], ['writer', 'Editor'], ['owner', 'Owner']];

export function membersPanel(calendarId: string, uid: string): HTMLElement {
  const list = el('ul', { className: 'members', id: `members-${uid}` });
  const email = el('input', { type: 'email', id: `member-email-${uid}`, placeholder: 'name@example.com' });
  const role = el('select', { id: `member-role-${uid}` }, ...ROLES.map(([value, text]) => el('option', { value, selected: value === 'reader' }, text)));
  const refresh = async () => {
    try {
      const acls = await listAcls(calendarId);
      const names = await Promise.all(acls.map((acl) => (acl.scope.user_id ? userName(acl.scope.user_id).catch(() => acl.scope.user_id!) : Promise.resolve(acl.acl_id))));
      list.replaceChildren(...acls.map((acl, i) => el('li', {}, `${names[i]} · ${ROLES.find(([r]) => r === acl.role)?.[1] ?? acl.role}`,
        acl.scope.user_id === state.me.openId ? '' : el('button', { type: 'button', className: 'chip-remove', ariaLabel: `Remove ${names[i]}`, onclick: async () => {
          try {
            await removeAcl(calendarId, acl.acl_id);
            await refresh();
          } catch (error) {
            showStatus(`Could not remove the member: ${describe(error)}`);
          }
        } }, '×'))));
    } catch (error) {
      showStatus(`Could not list the members: ${describe(error)}`);
    }
  };
  const add = el('button', { type: 'button', onclick: async () => {
    try {
      const person = await userByEmail(email.value.trim());
      if (!person) return showStatus(`Nobody in your organisation has the email ${email.value.trim()}.`);
      await addAcl(calendarId, person.openId, role.value as Acl['role']);
      email.value = '';
      await refresh();
    } catch (error) {
      showStatus(`Could not add the member: ${describe(error)}`);
    }
  } }, 'Add member');
  const panel = el('div', { className: 'members-panel' }, el('h3', {}, 'Members'), list,
    el('label', { htmlFor: email.id }, 'Member email'), email, el('label', { htmlFor: role.id }, 'Role'), role, add);
  void refresh();
  return panel;
}

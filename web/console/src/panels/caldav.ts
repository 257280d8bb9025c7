/**
 * CalDAV credentials of a user (issue #13 §3): the devices a user asked a
 * password for (`GET /users/:user_id/caldav-credentials`), and revoking one
 * (`DELETE …/:device_name`). Users come from the tenants opened above, since a
 * user_id means something only within its tenant.
 */
import { report } from '../api.js';
import { field, fill, h, select, table } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';
import type { Directory } from './directory.js';

interface Credentials {
  user_id: string;
  tenant_key: string;
  user_name: string;
  items: Array<{ credential_id: string; device_name: string; app_id: string; created_at: string }>;
}

export function caldavPanel(ctx: ConsoleContext, directories: Map<string, Directory>): HTMLElement {
  const { section, status, body } = panel('caldav', 'CalDAV credentials');
  const view = h('div', {});
  const users = () => [...directories.values()].flatMap((d) =>
    d.users.map((u): [string, string] => [`${d.tenant_key}/${u.user_id}`, `${u.name} (${u.user_id}, ${d.name})`]));
  let chooser = select('user', users());
  const form = h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); void show(chooser.value); } });
  const drawForm = () => {
    chooser = select('user', users(), chooser.value);
    fill(form, field('User', chooser, 'The users of the tenants opened above.'), h('button', { type: 'submit' }, 'Show credentials'));
  };
  ctx.onDirectoryChanged(drawForm);

  const path = (choice: string, device?: string) => {
    const [tenantKey, userId] = choice.split('/') as [string, string];
    const base = `/users/${encodeURIComponent(userId)}/caldav-credentials`;
    return `${device === undefined ? base : `${base}/${encodeURIComponent(device)}`}?tenant_key=${encodeURIComponent(tenantKey)}`;
  };
  const show = (choice: string) => report(status, async () => {
    if (!choice) throw new Error('open a tenant above and choose one of its users');
    const found = await ctx.api.call<Credentials>('GET', path(choice));
    fill(view,
      h('p', {}, `CalDAV user name `, h('code', {}, found.user_name), `: the same on every device; passwords are never shown again.`),
      found.items.length === 0 ? h('p', {}, `${found.user_id} has no CalDAV credential.`) : table(`CalDAV credentials of ${found.user_id}`, ['Device', 'Created', 'Via app', ''], found.items.map((c) => [
        c.device_name === '' ? '(no name)' : c.device_name, h('time', { datetime: c.created_at }, c.created_at), h('code', {}, c.app_id),
        h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${c.device_name || '(no name)'}`, onclick: () => void revoke(choice, c.device_name) }, 'Revoke'),
      ])));
    return `${found.items.length} CalDAV credential${found.items.length === 1 ? '' : 's'} of ${found.user_id}.`;
  });
  const revoke = (choice: string, device: string) => report(status, async () => {
    await ctx.api.call('DELETE', path(choice, device));
    await show(choice);
    return `Revoked the CalDAV credential of ${device || '(no name)'}.`;
  });

  drawForm();
  fill(body, form, view);
  return section;
}

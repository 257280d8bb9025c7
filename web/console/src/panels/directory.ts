/**
 * Tenants, apps, users and rooms (issue #13 §3): the tenants as the admin API
 * lists them (`GET /tenants`, a page at a time), and the one opened with its
 * directory (`GET /tenants/:tenant_key`).
 */
import { report } from '../api.js';
import { fill, field, h, json, table } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

interface TenantPage {
  items: Array<{ tenant_key: string; name: string; domain: string }>;
  next: string | null;
}

export interface Directory {
  tenant_key: string;
  name: string;
  domain: string;
  apps: Array<{ app_id: string; name: string; kind: string; bot: boolean; scopes: string[]; redirect_uris: string[]; built_in: boolean }>;
  users: Array<{ user_id: string; union_id: string; name: string; email: string; timezone: string }>;
  rooms: Array<{ room_id: string; name: string; capacity: number; building: string; floor: string; city: string; calendar_id: string }>;
}

export function directoryPanel(ctx: ConsoleContext, directories: Map<string, Directory>): HTMLElement {
  const { section, status, body } = panel('tenants', 'Tenants, apps, users and rooms');
  const list = h('div', { class: 'tenant-list' });
  const view = h('div', { class: 'directory' });
  const fixture = h('textarea', { name: 'fixture', rows: 6, spellcheck: 'false' });
  fixture.value = JSON.stringify({ name: 'Sandbox tenant', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@sandbox.example' }], apps: [{ name: 'My app', scopes: ['calendar:calendar'] }] }, null, 2);
  const created = h('div', { class: 'created' });

  /**
   * The first page again, or the page after `after` appended to the rows shown.
   * Not through `report`: a list redrawn after an open or a delete keeps that act's message.
   */
  const listTenants = async (after?: string) => {
    let page: TenantPage;
    try {
      page = await ctx.api.call<TenantPage>('GET', `/tenants?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    } catch (error) {
      return void report(status, () => Promise.reject(error));
    }
    const rows = page.items.map((t) => [
      h('code', {}, t.tenant_key), t.name, t.domain,
      h('button', { type: 'button', 'aria-label': `Open tenant ${t.name}`, onclick: () => void open(t.tenant_key) }, 'Open'),
    ]);
    const shown = after ? list.querySelector('tbody') : null;
    if (shown) shown.append(...table('', [], rows).querySelectorAll('tbody tr'));
    else fill(list, page.items.length === 0 ? h('p', {}, 'No tenants: create one below.') : table('Tenants', ['Tenant key', 'Name', 'Domain', ''], rows));
    list.querySelector('.more')?.remove();
    if (page.next) list.append(h('button', { type: 'button', class: 'more', onclick: () => void listTenants(page.next!) }, 'More tenants'));
  };
  ctx.onDirectoryChanged(() => void listTenants());

  const open = (key: string) => report(status, async () => {
    const directory = await ctx.api.call<Directory>('GET', `/tenants/${encodeURIComponent(key)}`);
    directories.set(directory.tenant_key, directory);
    draw(directory);
    ctx.directoryChanged();
    return `Opened ${directory.name} (${directory.tenant_key}).`;
  });

  const remove = (directory: Directory) => report(status, async () => {
    if (!window.confirm(`Delete tenant ${directory.name} (${directory.tenant_key}) and all of its data?`)) return;
    await ctx.api.call('DELETE', `/tenants/${encodeURIComponent(directory.tenant_key)}`);
    directories.delete(directory.tenant_key);
    view.replaceChildren();
    ctx.directoryChanged();
    return `Deleted tenant ${directory.tenant_key}.`;
  });

  const draw = (d: Directory) => fill(view,
    h('h3', {}, `${d.name} `, h('code', {}, d.tenant_key), ` · domain ${d.domain}`),
    table(`Apps of ${d.name}`, ['App ID', 'Name', 'Kind', 'Bot', 'Scopes', ''], d.apps.map((a) => [
      h('code', {}, a.app_id), a.name, a.kind, a.bot ? 'yes' : 'no', String(a.scopes.length),
      h('button', { type: 'button', 'aria-label': `Open app ${a.name}`, onclick: () => ctx.selectApp(a.app_id) }, 'Open app'),
    ])),
    table(`Users of ${d.name}`, ['User ID', 'Name', 'Email', 'Time zone', 'Union ID'], d.users.map((u) => [
      h('code', {}, u.user_id), u.name, u.email, u.timezone, h('code', {}, u.union_id),
    ])),
    d.rooms.length === 0 ? h('p', {}, 'No meeting rooms.') : table(`Rooms of ${d.name}`, ['Room ID', 'Name', 'Seats', 'Building', 'Floor', 'City'], d.rooms.map((r) => [
      h('code', {}, r.room_id), r.name, String(r.capacity), r.building, r.floor, r.city,
    ])),
    h('button', { type: 'button', class: 'danger', onclick: () => void remove(d) }, `Delete tenant ${d.name}`));

  const create = () => report(status, async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fixture.value);
    } catch (error) {
      throw new Error(`the tenant is not valid JSON: ${(error as Error).message}`);
    }
    const result = await ctx.api.call<{ tenant_key: string; name: string; apps: unknown[] }>('POST', '/tenants', parsed);
    fill(created, h('p', {}, 'The app secrets are shown this once; only their hashes are kept:'), json(result));
    await open(result.tenant_key);
    return `Created tenant ${result.name} (${result.tenant_key}).`;
  });

  fill(body,
    list, view,
    h('details', {}, h('summary', {}, 'Create a tenant'),
      h('form', { onsubmit: (e) => { e.preventDefault(); void create(); } },
        field('Tenant (one tenant of the fixture format, JSON)', fixture), h('button', { type: 'submit' }, 'Create tenant')), created));
  void listTenants();
  return section;
}

/**
 * One app: its scopes, its change-event configuration
 * (`GET|PUT /apps/:app_id/events`) and its secret, rotated on demand
 * (`POST /apps/:app_id/secret`) and shown that once; the web calendar's own
 * app (`built_in`) offers no rotation.
 */
import { ApiError, report } from '../api.js';
import { field, fill, h, json, select } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';
import type { Directory } from './directory.js';

interface EventConfig {
  app_id: string;
  delivery: 'webhook' | 'long_connection';
  request_url: string | null;
  encrypt_key: string | null;
  verification_token: string;
  types: string[];
  url_check: string;
}

export function appPanel(ctx: ConsoleContext, directories: Map<string, Directory>): HTMLElement {
  const { section, status, body } = panel('app', 'App: scopes, event configuration, secret');
  fill(body, h('p', {}, 'Open an app in the directory above.'));

  const appOf = (appId: string) => {
    for (const d of directories.values()) {
      const app = d.apps.find((a) => a.app_id === appId);
      if (app) return { app, tenant: d };
    }
    return undefined;
  };

  ctx.onAppSelected((appId) => void report(status, async () => {
    const found = appOf(appId);
    if (!found) throw new Error(`app ${appId} is in no opened tenant`);
    let config: EventConfig | undefined;
    try {
      config = await ctx.api.call<EventConfig>('GET', `/apps/${encodeURIComponent(appId)}/events`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
    draw(found.app, found.tenant, config);
    section.scrollIntoView({ block: 'start' });
    (section.querySelector('h3') as HTMLElement | null)?.focus();
  }));

  const draw = (app: Directory['apps'][number], tenant: Directory, config: EventConfig | undefined) => {
    const delivery = select('delivery', [['webhook', 'Webhook'], ['long_connection', 'Long connection']], config?.delivery ?? 'webhook');
    const url = h('input', { name: 'request_url', type: 'url', value: config?.request_url ?? '', autocomplete: 'off' });
    const token = h('input', { name: 'verification_token', value: config?.verification_token ?? '', autocomplete: 'off', spellcheck: 'false' });
    const types = h('input', { name: 'types', value: config?.types.join(', ') ?? '', autocomplete: 'off', spellcheck: 'false' });
    const secret = h('div', { class: 'created', id: 'new-secret' });
    const rotate = () => report(status, async () => {
      if (!window.confirm(`Rotate the secret of ${app.name}? The old one stops working at once.`)) return;
      const rotated = await ctx.api.call<{ app_id: string; app_secret: string }>('POST', `/apps/${encodeURIComponent(app.app_id)}/secret`);
      fill(secret, h('p', {}, 'The new secret, shown this once:'), json(rotated));
      return `Rotated the secret of ${app.name}.`;
    });
    const save = () => report(status, async () => {
      const settings: Record<string, unknown> = { delivery: delivery.value, request_url: url.value.trim() === '' ? null : url.value.trim() };
      if (token.value.trim() !== '') settings.verification_token = token.value.trim();
      if (types.value.trim() !== '') settings.types = types.value.split(',').map((t) => t.trim()).filter((t) => t !== '');
      const saved = await ctx.api.call<EventConfig>('PUT', `/apps/${encodeURIComponent(app.app_id)}/events`, settings);
      draw(app, tenant, saved);
      return `Saved the event configuration of ${app.name}; the URL check is ${saved.url_check}.`;
    });
    fill(body,
      h('h3', { tabindex: -1 }, `${app.name} `, h('code', {}, app.app_id), ` · ${tenant.name}`),
      h('p', {}, `${app.kind === 'internal' ? 'Internal (custom) app' : 'Store app'}, ${app.bot ? 'with' : 'without'} bot ability. Redirect URIs: ${app.redirect_uris.join(' ') || '(none)'}`),
      h('h4', {}, `Scopes (${app.scopes.length})`),
      app.scopes.length === 0 ? h('p', {}, 'No scopes: every Open API call answers 99991672.') : h('ul', { class: 'scopes' }, ...app.scopes.map((s) => h('li', {}, h('code', {}, s)))),
      h('h4', {}, 'Change-event configuration'),
      config ? h('dl', {},
        h('dt', {}, 'URL check'), h('dd', {}, config.url_check),
        h('dt', {}, 'Encrypt key'), h('dd', {}, config.encrypt_key === null ? 'none' : 'set (not shown)')) : h('p', {}, 'This app has no event configuration yet.'),
      h('form', { onsubmit: (e) => { e.preventDefault(); void save(); } },
        field('Delivery', delivery), field('Request URL', url, 'Where webhooks go; empty for long connection.'),
        field('Verification token', token, 'Empty keeps the current one (or generates one).'),
        field('Event types', types, 'Comma-separated, e.g. calendar.calendar.changed_v4; empty keeps them.'),
        h('button', { type: 'submit' }, 'Save event configuration')),
      h('h4', {}, 'App secret'),
      ...(app.built_in ? [builtInNote()] : [
        h('button', { type: 'button', class: 'danger', 'aria-describedby': 'rotate-note', onclick: () => void rotate() }, 'Rotate secret'),
        h('p', { id: 'rotate-note', class: 'note' }, 'Only its hash is stored. A new secret is shown here once; the old one stops getting tokens at once, tokens already issued run to their expiry.'),
      ]),
      secret);
  };
  return section;
}

/** Why the web calendar's own app offers no rotation: the admin API refuses it too (403). */
function builtInNote(): HTMLElement {
  return h('p', { id: 'rotate-note', class: 'note' },
    'The web calendar\'s own app: its secret derives from the server\'s key and every web calendar session refreshes with it, so it is not rotated.');
}

/** Change-event deliveries with their attempts, and redelivery (`GET /deliveries`, `POST /deliveries/:id/redeliver`). */
import { report } from '../api.js';
import { field, fill, h, json, select, table } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

interface Attempt { attempt: number; at: string; transport: string; ok: boolean; code: number | null; latency_ms: number; error: string | null }
interface Delivery {
  event_id: string; app_id: string; tenant_key: string; event_type: string; change_type: string | null;
  status: string; created_at: string; due_at: string; event: unknown; attempts: Attempt[];
}

const STATUSES = ['pending', 'failed', 'delivered', 'exhausted'];

export function deliveriesPanel(ctx: ConsoleContext): HTMLElement {
  const { section, status, body } = panel('deliveries', 'Change-event deliveries');
  const app = h('input', { name: 'app_id', list: 'known-apps', autocomplete: 'off', spellcheck: 'false' });
  const state = select('status', [['', 'Any'], ...STATUSES.map((s) => [s, s] as [string, string])]);
  const list = h('div', { class: 'deliveries' });

  const load = () => report(status, async () => {
    const query = new URLSearchParams({ limit: '50' });
    if (app.value.trim() !== '') query.set('app_id', app.value.trim());
    if (state.value !== '') query.set('status', state.value);
    const { items } = await ctx.api.call<{ items: Delivery[] }>('GET', `/deliveries?${query}`);
    fill(list, items.length === 0 ? h('p', {}, 'No deliveries.') : h('ul', { class: 'entries' }, ...items.map(item)));
    return `${items.length} deliveries, newest first.`;
  });

  const redeliver = (d: Delivery) => report(status, async () => {
    const result = await ctx.api.call<{ delivery: Delivery; sent: Attempt }>('POST', `/deliveries/${encodeURIComponent(d.event_id)}/redeliver`);
    await load();
    const sent = result.sent;
    return `Redelivered ${d.event_id}: ${sent.ok ? 'accepted' : 'failed'}${sent.code === null ? '' : ` (${sent.code})`}${sent.error ? `: ${sent.error}` : ''}. Status now ${result.delivery.status}.`;
  });

  const item = (d: Delivery) => h('li', { class: `delivery ${d.status}`, 'data-event-id': d.event_id },
    h('details', {},
      h('summary', {}, h('span', { class: `badge ${d.status}` }, d.status), ` ${d.event_type}${d.change_type ? ` (${d.change_type})` : ''} → `, h('code', {}, d.app_id),
        ` · ${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'} · ${d.created_at}`),
      h('p', {}, 'Event ', h('code', {}, d.event_id), ` · tenant ${d.tenant_key} · due ${d.due_at}`),
      d.attempts.length === 0 ? h('p', {}, 'Not attempted yet.') : table(`Attempts of ${d.event_id}`, ['#', 'At', 'Transport', 'Result', 'Code', 'Latency', 'Error'], d.attempts.map((a) => [
        String(a.attempt), a.at, a.transport, a.ok ? 'ok' : 'failed', a.code === null ? '—' : String(a.code), `${a.latency_ms} ms`, a.error ?? '',
      ])),
      h('h4', {}, 'Event body'), json(d.event)),
    h('button', { type: 'button', 'aria-label': `Redeliver ${d.event_id}`, onclick: () => void redeliver(d) }, 'Redeliver'));

  fill(body,
    h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); void load(); } },
      field('App ID', app), field('Status', state), h('button', { type: 'submit' }, 'Show deliveries')),
    list);
  return section;
}

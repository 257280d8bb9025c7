/** Reset to the seed and named snapshots (`POST /reset`, `GET|POST /snapshots`, restore, delete). */
import { report } from '../api.js';
import { field, fill, h, table } from '../dom.js';
import { panel, type ConsoleContext } from '../panel.js';

export function statePanel(ctx: ConsoleContext): HTMLElement {
  const { section, status, body } = panel('state', 'Reset and snapshots', 'A snapshot copies every table; restoring or resetting signs every token out.');
  const list = h('div');
  const name = h('input', { name: 'name', autocomplete: 'off', spellcheck: 'false', pattern: '[A-Za-z0-9_\\-]{1,64}' });

  const load = () => report(status, async () => {
    const { snapshots } = await ctx.api.call<{ snapshots: Array<{ name: string; created_at: number }> }>('GET', '/snapshots');
    fill(list, snapshots.length === 0 ? h('p', {}, 'No snapshots.') : table('Snapshots', ['Name', 'Taken (sandbox time)', '', ''], snapshots.map((s) => [
      h('code', {}, s.name), new Date(s.created_at).toISOString(),
      h('button', { type: 'button', 'aria-label': `Restore snapshot ${s.name}`, onclick: () => void act('POST', `/snapshots/${encodeURIComponent(s.name)}/restore`, `Restored ${s.name}.`) }, 'Restore'),
      h('button', { type: 'button', class: 'danger', 'aria-label': `Delete snapshot ${s.name}`, onclick: () => void act('DELETE', `/snapshots/${encodeURIComponent(s.name)}`, `Deleted ${s.name}.`) }, 'Delete'),
    ])));
  });
  const act = (method: string, path: string, done: string, body?: unknown) => report(status, async () => {
    await ctx.api.call(method, path, body);
    await load();
    if (path === '/reset' || path.endsWith('/restore')) ctx.directoryChanged();
    return done;
  });

  fill(body, list,
    h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); void act('POST', '/snapshots', `Took snapshot ${name.value}.`, { name: name.value }); } },
      field('Snapshot name', name, 'Letters, digits, _ and -.'), h('button', { type: 'submit' }, 'Take snapshot')),
    h('button', { type: 'button', class: 'danger', onclick: () => { if (window.confirm('Reset the sandbox to its seed? Everything since is lost.')) void act('POST', '/reset', 'Reset to the seed.'); } }, 'Reset to seed'));
  void load();
  return section;
}

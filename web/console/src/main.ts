/**
 * The developer console at `/console` (issue #13 §3): a sign-in form for the
 * admin token, then one page of panels over the admin API.
 */
import { AdminApi, ApiError } from './api.js';
import { field, fill, h } from './dom.js';
import { createContext } from './panel.js';
import { appPanel } from './panels/app.js';
import { caldavPanel } from './panels/caldav.js';
import { clockPanel } from './panels/clock.js';
import { deliveriesPanel } from './panels/deliveries.js';
import { directoryPanel, type Directory } from './panels/directory.js';
import { faultsPanel } from './panels/faults.js';
import { journalPanel } from './panels/journal.js';
import { statePanel } from './panels/state.js';

const api = new AdminApi();
const root = document.getElementById('console')!;
const nav = document.getElementById('panels-nav')!;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;
/** Whether the panels are up: a 401 then means the token stopped working (the server restarted with another). */
let signedIn = false;

function signInForm(message?: string): void {
  signedIn = false;
  nav.replaceChildren();
  signOutButton.hidden = true;
  const token = h('input', { name: 'admin_token', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' });
  const status = h('p', { class: 'status error', role: 'alert', id: 'sign-in-status' }, message ?? '');
  const submit = async () => {
    api.signIn(token.value.trim());
    try {
      await api.call('GET', '/clock');
      showConsole();
    } catch (error) {
      api.signOut();
      fill(status, error instanceof ApiError ? error.describe() : (error as Error).message);
      token.focus();
    }
  };
  fill(root, h('section', { id: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in with the admin token'),
    h('p', {}, 'larkcal prints the admin token when it starts; `larkcal admin-token` prints it again. It is kept in this tab only (sessionStorage) and sent as Authorization: Bearer.'),
    h('form', { onsubmit: (e) => { e.preventDefault(); void submit(); } }, field('Admin token', token), h('button', { type: 'submit' }, 'Sign in')),
    status));
  token.focus();
}

function showConsole(): void {
  signedIn = true;
  const directories = new Map<string, Directory>();
  const knownApps = () => [...directories.values()].flatMap((d) => d.apps.map((a) => a.app_id));
  const ctx = createContext(api, knownApps);
  const datalist = h('datalist', { id: 'known-apps' });
  ctx.onDirectoryChanged(() => fill(datalist, ...knownApps().map((id) => h('option', { value: id }))));
  const sections = [
    directoryPanel(ctx, directories), appPanel(ctx, directories), deliveriesPanel(ctx), journalPanel(ctx),
    clockPanel(ctx), faultsPanel(ctx), statePanel(ctx), caldavPanel(ctx, directories),
  ];
  fill(root, datalist, ...sections);
  fill(nav, h('ul', {}, ...sections.map((s) => h('li', {}, h('a', { href: `#${s.id}` }, s.querySelector('h2')?.textContent ?? s.id)))));
  signOutButton.hidden = false;
}

api.onUnauthorized = (error) => {
  if (!signedIn) return;
  api.signOut();
  signInForm(`Signed out: ${error.describe()}`);
};
signOutButton.addEventListener('click', () => {
  api.signOut();
  signInForm('Signed out.');
});

if (api.token) showConsole();
else signInForm();

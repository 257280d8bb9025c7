/** Editing or deleting an occurrence asks which events it applies to (issue #13 §2). */
import { el } from './state.js';

export type Scope = 'this' | 'following' | 'all';

export function askScope(verb: 'Edit' | 'Delete' | 'Move'): Promise<Scope | undefined> {
  const dialog = document.getElementById('scope') as HTMLDialogElement;
  return new Promise((resolve) => {
    const choose = (scope: Scope | undefined) => () => {
      dialog.close();
      resolve(scope);
    };
    const button = (scope: Scope, label: string) => el('button', { type: 'button', className: scope === 'this' ? 'primary' : '', onclick: choose(scope) }, label);
    dialog.replaceChildren(
      el('h2', { id: 'scope-title' }, `${verb} recurring event`),
      el('p', {}, 'Which events should change?'),
      el('div', { className: 'actions vertical' },
        button('this', 'This event'), button('following', 'This and following events'), button('all', 'All events'),
        el('button', { type: 'button', onclick: choose(undefined) }, 'Cancel')),
    );
    dialog.onclose = () => resolve(undefined);
    dialog.showModal();
    (dialog.querySelector('button') as HTMLButtonElement).focus();
  });
}

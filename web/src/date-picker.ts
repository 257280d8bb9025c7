/**
 * "Go to date" beside today / previous / next (issue #13): a native date input,
 * so the browser gives it its calendar pop-up and keyboard entry for free and
 * the bundle nothing to carry. Choosing a date moves the view to it.
 */
import { el } from './state.js';

export interface DatePicker {
  /** Puts the picker in the toolbar (again, if a re-render dropped it) and shows the view's date. */
  place(root: HTMLElement, current: Date): void;
}

/** Only a four-digit year is a date to go to (the input's own range allows years 1 to 275760). */
const CHOSEN = /^[1-9]\d{3}-\d{2}-\d{2}$/;

export function datePicker(go: (date: string) => void): DatePicker {
  const input = el('input', { type: 'date', id: 'goto-date', className: 'goto-date' });
  const label = el('label', { htmlFor: input.id, className: 'visually-hidden' }, 'Go to date');
  const wrapper = el('span', { className: 'goto' }, label, input);
  // Typed field by field, the value changes at each one (month, then day, then years 2, 20, 202, 2026):
  // typing waits for Enter or for leaving the field; a date chosen in the browser's pop-up goes at once.
  let typing = false;
  const choose = () => {
    typing = false;
    if (CHOSEN.test(input.value)) go(input.value);
  };
  input.addEventListener('keydown', (key) => {
    if (key.key === 'Enter') {
      key.preventDefault();
      choose();
    } else if (!key.altKey && ((key.key.length === 1 && key.key !== ' ') || key.key.startsWith('Arrow') || key.key === 'Backspace' || key.key === 'Delete')) {
      // Alt+Down and Space open the pop-up: its choice is not typing.
      typing = true;
    }
  });
  input.addEventListener('change', () => {
    if (!typing) choose();
  });
  input.addEventListener('blur', () => {
    if (typing) choose();
  });
  return {
    place(root, current) {
      const chunk = root.querySelector('.fc-header-toolbar .fc-toolbar-chunk');
      if (chunk && wrapper.parentElement !== chunk) chunk.append(wrapper);
      // Not while the user is typing a date into it.
      if (document.activeElement !== input) input.value = current.toISOString().slice(0, 10);
    },
  };
}

/**
 * CalDAV credentials of a user (issue #13 §3). The admin API has no endpoint
 * for them yet; the panel says so instead of pretending.
 */
import { h } from '../dom.js';
import { panel } from '../panel.js';

export function caldavPanel(): HTMLElement {
  const { section, body } = panel('caldav', 'CalDAV credentials');
  body.append(h('p', { class: 'note' },
    'Not available: the admin API has no endpoint for a user\'s CalDAV credentials yet. ',
    'When it has, this panel will list, issue and revoke them.'));
  return section;
}

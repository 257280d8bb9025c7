/** The id source: the deterministic one tests use mints the same formats as the random one production uses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALENDAR_ID_PATTERN, randomIds, type IdSource } from '../../src/core/ids.js';
import { parseEventId } from '../../src/core/events/ids.js';
import { SequentialIds } from '../support/ids.js';

const FORMATS: Record<keyof IdSource, [(ids: IdSource) => string, RegExp]> = {
  unionId: [(ids) => ids.unionId(), /^on_[0-9a-f]{32}$/],
  userId: [(ids) => ids.userId(), /^[a-z0-9]{8}$/],
  appId: [(ids) => ids.appId(), /^cli_[0-9a-f]{16}$/],
  chatId: [(ids) => ids.chatId(), /^oc_[0-9a-f]{32}$/],
  roomId: [(ids) => ids.roomId(), /^omm_[0-9a-f]{32}$/],
  internalRef: [(ids) => ids.internalRef('usr'), /^usr_[0-9a-f]{24}$/],
  number19: [(ids) => ids.number19(), /^[1-9][0-9]{18}$/],
  calendarId: [(ids) => ids.calendarId('acme', 'feishu.cn'), /^acme_[A-Za-z0-9]{22}@group\.calendar\.feishu\.cn$/],
  roomCalendarId: [(ids) => ids.roomCalendarId('acme', 'feishu.cn'), /^acme_[A-Za-z0-9]{22}@resource\.calendar\.feishu\.cn$/],
  eventUid: [(ids) => ids.eventUid(), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
  timeoffEventId: [(ids) => ids.timeoffEventId(), /^timeoff:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
  fileToken: [(ids) => ids.fileToken(), /^[A-Za-z0-9]{27}$/],
  docToken: [(ids) => ids.docToken(), /^[A-Za-z0-9]{27}$/],
};

test('ids: random and sequential sources mint every kind in one format', () => {
  for (const [name, source] of [['random', randomIds], ['sequential', new SequentialIds()]] as const) {
    for (const [kind, [mint, format]] of Object.entries(FORMATS)) {
      for (let i = 0; i < 3; i++) assert.match(mint(source), format, `${name} ${kind}`);
    }
    assert.match(source.calendarId('acme', 'feishu.cn'), CALENDAR_ID_PATTERN);
    assert.match(source.roomCalendarId('acme', 'feishu.cn'), CALENDAR_ID_PATTERN);
    assert.doesNotThrow(() => parseEventId(`${source.eventUid()}_0`), `${name} event uid`);
  }
});

test('ids: a sequential source counts each kind from 1, and two sources agree', () => {
  const a = new SequentialIds();
  const b = new SequentialIds();
  assert.equal(a.eventUid(), '00000000-0000-4000-8000-000000000001');
  assert.equal(a.calendarId('acme', 'feishu.cn'), 'acme_0000000000000000000001@group.calendar.feishu.cn');
  assert.equal(a.eventUid(), '00000000-0000-4000-8000-000000000002');
  assert.equal(a.number19(), '1000000000000000001');
  const run = (ids: IdSource) => Object.values(FORMATS).map(([mint]) => mint(ids));
  b.eventUid();
  b.calendarId('acme', 'feishu.cn');
  b.eventUid();
  b.number19();
  assert.deepEqual(run(a), run(b));
});

/** Contract: CalendarRepository.search (calendars.md §3.8). */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Calendar } from '../../src/core/calendars/model.js';
import { calendar, forEachDialect, unique } from './support/stores.js';

forEachDialect('storage contract: calendar search', (ctx) => {
  const tenant = unique('t');
  const made: Record<string, Calendar> = {};
  const add = async (name: string, fields: Partial<Calendar>) => {
    made[name] = calendar(tenant, fields);
    await ctx().store.calendars.insert(made[name]);
  };
  const search = async (query: string, users = true) =>
    (await ctx().store.calendars.search(tenant, query, users, 0, 50)).map((c) => Object.keys(made).find((k) => made[k]!.calendarId === c.calendarId)).sort();

  before(async () => {
    await add('percent', { summary: 'Growth 50% plan' });
    await add('fifty', { summary: 'Growth 50x plan' });
    await add('underscore', { summary: 'team_a' });
    await add('teamxa', { summary: 'teamxa' });
    await add('backslash', { summary: 'C:\\temp' });
    await add('shouting', { summary: 'ROADMAP Review' });
    await add('umlaut', { summary: 'ÄRGER mit Straßen' });
    await add('cyrillic', { summary: 'ПЛАНЫ команды' });
    await add('described', { summary: 'Misc', description: 'all about the roadmap' });
    await add('private', { summary: 'roadmap (secret)', permissions: 'private' });
    await add('busyOnly', { summary: 'roadmap busy', permissions: 'show_only_free_busy' });
    await add('deleted', { summary: 'roadmap old', deleted: true });
    await add('userPrimary', { summary: 'Roadmap Person', type: 'primary', owner: 'user:usr_1' });
    await add('appPrimary', { summary: 'Roadmap Bot', type: 'primary', owner: 'app:cli_0000000000000001' });
    await add('room', { summary: 'Roadmap Room', type: 'resource', owner: 'room:omm_1' });
    await ctx().store.calendars.insert(calendar(unique('other'), { summary: 'roadmap elsewhere' }));
  });

  test('% and _ in the query are literal characters, not wildcards', async () => {
    assert.deepEqual(await search('50%'), ['percent']);
    assert.deepEqual(await search('m_a'), ['underscore']);
    assert.deepEqual(await search('%'), ['percent']);
    assert.deepEqual(await search('\\'), ['backslash']);
  });

  test('matching ignores case, in summary and description', async () => {
    assert.deepEqual(await search('roadmap', false), ['busyOnly', 'described', 'shouting']);
    assert.deepEqual(await search('rOaDmAp review'), ['shouting']);
    assert.deepEqual(await search('ärger'), ['umlaut']);
    assert.deepEqual(await search('планы'), ['cyrillic']);
  });

  test('private and deleted calendars, app primaries, rooms and other tenants never match; user primaries only when asked', async () => {
    assert.deepEqual(await search('roadmap', true), ['busyOnly', 'described', 'shouting', 'userPrimary']);
    assert.deepEqual(await search('roadmap', false), ['busyOnly', 'described', 'shouting']);
  });

  test('paging by offset and limit', async () => {
    const { store } = ctx();
    const all = await store.calendars.search(tenant, 'roadmap', true, 0, 50);
    const pages = [await store.calendars.search(tenant, 'roadmap', true, 0, 3), await store.calendars.search(tenant, 'roadmap', true, 3, 3)];
    assert.deepEqual(pages.flat(), all);
  });
});

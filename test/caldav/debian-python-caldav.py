"""python3-caldav (Debian) against larkcal: discover, make a calendar, save events, search by date.

Usage: /usr/bin/python3 debian-python-caldav.py URL USER PASSWORD
Prints one JSON object on the last line; exits 1 on the first failed step.
"""
import datetime
import json
import sys

import caldav

url, user, password = sys.argv[1:4]
result = {}


def event(uid, summary, start, end):
    stamp = '20260101T000000Z'
    return '\r\n'.join([
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//larkcal tests//python-caldav//EN',
        'BEGIN:VEVENT', f'UID:{uid}', f'DTSTAMP:{stamp}', f'DTSTART:{start}', f'DTEND:{end}', f'SUMMARY:{summary}',
        'END:VEVENT', 'END:VCALENDAR', '',
    ])


client = caldav.DAVClient(url=url, username=user, password=password)
principal = client.principal()
result['principal'] = str(principal.url)
result['calendars_before'] = sorted(c.name or '' for c in principal.calendars())

made = principal.make_calendar(name='Python caldav')
# larkcal names a new calendar itself (calendars.md §2.1) and answers its URL in Location;
# python-caldav 0.11 keeps the URL it asked for, so the calendar is found again by name.
found = [c for c in principal.calendars() if c.name == 'Python caldav']
result['made_url_kept'] = bool(found) and str(found[0].url) == str(made.url)
if not found:
    print(json.dumps({**result, 'error': 'the new calendar is not in the home'}))
    sys.exit(1)
calendar = found[0]

calendar.save_event(event('py-one@larkcal.test', 'Python one', '20260316T090000Z', '20260316T100000Z'))
calendar.save_event(event('py-two@larkcal.test', 'Python two', '20260318T090000Z', '20260318T093000Z'))
calendar.save_event(event('py-later@larkcal.test', 'Python later', '20260420T090000Z', '20260420T100000Z'))

week = calendar.date_search(start=datetime.datetime(2026, 3, 16, tzinfo=datetime.timezone.utc), end=datetime.datetime(2026, 3, 23, tzinfo=datetime.timezone.utc))
result['week'] = sorted(str(e.instance.vevent.summary.value) for e in week)
everything = calendar.events()
result['all'] = sorted(str(e.instance.vevent.summary.value) for e in everything)

one = calendar.event_by_uid('py-one@larkcal.test')
one.instance.vevent.summary.value = 'Python one (edited)'
one.save()
result['edited'] = str(calendar.event_by_uid('py-one@larkcal.test').instance.vevent.summary.value)
calendar.event_by_uid('py-two@larkcal.test').delete()
result['after_delete'] = sorted(str(e.instance.vevent.summary.value) for e in calendar.events())
result['calendar_url'] = str(calendar.url)
print(json.dumps(result))

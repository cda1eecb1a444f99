#!/usr/bin/env python3
"""Hostile inputs for zrx report, written into DIR:

  hostile.ndjson        meetings whose topics, users, statuses and file types
                        carry HTML, quotes, right-to-left text, emoji and
                        control characters; some without a play passcode
                        (absent, null, ""); files in the trash, some purged
                        within the week after AS_OF
  hostile-users.ndjson  the users file, names and departments as hostile
  badutf8.ndjson        a line whose strings hold bytes that are not UTF-8

  report_hostile.py DIR AS_OF
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone

HOSTILE = [
    '<script>alert(1)</script>',
    '"quoted" & \'apostrophe\' <b>bold</b>',
    '</td></tr></table><h1>escape</h1>',
    '\u202eevil.exe\u202c reversed',
    'שלום עולם and مرحبا',
    'Family \U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F355',
    '<!-- comment --> ]]> <![CDATA[x]]>',
    '&amp; &lt; literally',
    'ctrl \x01\x02 nul \x00 del \x7f c1 \x85 end',
    '<img src=x onerror=alert(2)>',
    '<style>body{display:none}</style>',
    '\ufdd0 noncharacter \ufffe',
]

USERS = [
    ('u-plain', 'plain@example.com', 'Plain User', 'Legal'),
    ('u-<b>tag</b>', 'tag@example.com', '<img src=x onerror=alert(3)>', '</style><script>alert(4)</script>'),
    ('u-rtl', 'rtl@example.com', '\u202eRTL override\u202c name', 'מחלקה'),
    ('u-emoji', 'EMOJI@Example.com', '\U0001F600 Smiley "Q" O\'Neil', ''),
    ('u-missing', None, None, None),
]


def iso(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def main():
    d, as_of = sys.argv[1], date.fromisoformat(sys.argv[2])
    base = datetime(as_of.year, as_of.month, as_of.day, tzinfo=timezone.utc)
    lines = []
    n = 0
    for ui, (uid, mail, _, _) in enumerate(USERS):
        for k, topic in enumerate(HOSTILE):
            n += 1
            start = base - timedelta(days=7 * n + ui, hours=k)
            files = []
            for j in range(1 + n % 3):
                f = {'id': 'f%d-%d' % (n, j), 'meeting_id': 'uuid/%d==' % n,
                     'recording_start': iso(start + timedelta(seconds=30 * j)),
                     'recording_end': iso(start + timedelta(minutes=40, seconds=30 * j)),
                     'file_type': ['MP4', 'M4A', '<TYPE>&"x"'][j],
                     'file_extension': 'MP4', 'file_size': 1000000 * n + j,
                     'status': 'completed' if (n + j) % 4 else ['processing', 'failed<i>'][n % 2]}
                if n % 5 == 0:
                    # in the trash: deleted 24 to 33 days before the as-of day
                    f['deleted_time'] = iso(base - timedelta(days=24 + n % 10, hours=j))
                files.append(f)
            m = {'uuid': 'uuid/%d==' % n, 'id': 80000000000 + n,
                 'host_id': uid, 'topic': topic, 'type': 2, 'start_time': iso(start),
                 'duration': 40, 'total_size': 0, 'recording_count': len(files),
                 'recording_files': files}
            if n % 4 == 1 and k != 0:
                m['recording_play_passcode'] = 'pw%d' % n
            elif n % 4 == 2:
                m['recording_play_passcode'] = ''
            elif n % 4 == 3:
                m['recording_play_passcode'] = None
            m['_user'] = mail if (mail and n % 7 == 0) else uid
            lines.append(json.dumps(m, ensure_ascii=False))
    with open(d + '/hostile.ndjson', 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    with open(d + '/hostile-users.ndjson', 'w', encoding='utf-8') as f:
        for uid, mail, name, dept in USERS:
            if mail is None:
                continue
            f.write(json.dumps({'id': uid, 'email': mail, 'display_name': name,
                                'dept': dept, 'status': 'active'}, ensure_ascii=False) + '\n')
    with open(d + '/badutf8.ndjson', 'wb') as f:
        f.write(b'{"uuid":"bad1","topic":"bad \xff\xfe bytes \xc0\xaf overlong \x80 alone",'
                b'"start_time":"2024-01-02T03:04:05Z","recording_files":[{"file_type":'
                b'"MP\xe2\x82","file_size":5}],"_user":"u\xf0\x9f"}\n')


if __name__ == '__main__':
    main()

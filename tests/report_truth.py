#!/usr/bin/env python3
"""The compliance report's figures, computed from zrx-sim's truth alone.

An independent reading of the definitions in README ("Compliance report"),
written without looking at how zrx computes them: it reads the truth's
NDJSON (the meeting objects as the API sends them, plus "_user") with
Python's json module, keeping numbers as their text, and prints the figures
as zrx report's JSON has them, or compares them with such a JSON:

  report_truth.py --as-of 2024-02-15 [--retention 180] [--users U.ndjson]
                  [--csv] [--trash TRASH.ndjson] TRUTH.ndjson... [--compare R.json]

--csv: the report was made from CSV (no passcode figures).
--trash-rows FILE: meetings that are rows in the trash of a sync catalog
(in_trash = 1, the row's deleted_time that of the first file whose
deleted_time is a string): in the trash section only, every file in the trash.
"""
import argparse
import json
import re
import sys

DAY_MS = 86400000
TOP = 50
MAX_TYPES = 256
MAX_STATUSES = 64
TOPIC_MAX = 300
SHORT_MAX = 64
PURGE_DAYS = 7
TRASH_DAYS = 30
MAX_DURATION_MIN = 2 ** 32 - 1


class Num(str):
    """A JSON number, kept as the digits it was written with."""


def load_line(line):
    return json.loads(line, parse_int=Num, parse_float=Num,
                      parse_constant=Num)


def days_from_civil(y, m, d):
    yy = y - (1 if m <= 2 else 0)
    era = yy // 400
    yoe = yy - era * 400
    mp = m - 3 if m > 2 else m + 9
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


def leap(y):
    return (y % 4 == 0 and y % 100 != 0) or y % 400 == 0


MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
TS = re.compile(r'([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})'
                r'(?:[.,]([0-9]+))?(Z|z|[+-][0-9]{2}(?::[0-9]{2}|[0-9]{2})?)?',
                re.ASCII)


def parse_ts(v):
    """Epoch ms of a timestamp string, or None."""
    if not isinstance(v, str) or isinstance(v, Num):
        return None
    mt = TS.fullmatch(v)
    if not mt:
        return None
    y, mo, d, hh, mi, ss = (int(mt.group(i)) for i in range(1, 7))
    if not 1 <= mo <= 12 or d < 1:
        return None
    if d > (29 if mo == 2 and leap(y) else MDAYS[mo - 1]):
        return None
    if hh > 23 or mi > 59 or ss > 60:
        return None
    ms = int((mt.group(7) or '')[:3].ljust(3, '0'))
    off = 0
    z = mt.group(8)
    if z and z[0] in '+-':
        oh = int(z[1:3])
        om = int(z[-2:]) if len(z) > 3 else 0
        if oh > 23 or om > 59:
            return None
        off = (1 if z[0] == '+' else -1) * (oh * 3600 + om * 60)
    secs = days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - off
    return secs * 1000 + ms


def text(v):
    """The value's text as a CSV cell has it (None: absent or null)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, dict):
        return '{}'
    if isinstance(v, list):
        return '[]'
    return v


def present(v):
    t = text(v)
    return t is not None and t != ''


def uint(v):
    """(0, n), (1, None) absent, (-1, None) unreadable."""
    if v is None or v == '':
        return 1, None
    if isinstance(v, bool) or not isinstance(v, str):
        return -1, None
    if not all(c in '0123456789' for c in v):
        return -1, None
    n = int(v)
    return (0, n) if n < 2 ** 96 else (-1, None)


def sstr(v):
    """A string value; "" is None, as in a CSV cell."""
    return v if isinstance(v, str) and not isinstance(v, Num) and v != '' else None


def b(s):
    return (s or '').encode('utf-8', 'surrogatepass')


def cut(s, n):
    if s is None:
        return None, False
    raw = s.encode('utf-8', 'surrogatepass')
    if len(raw) <= n:
        return s, False
    k = n
    while k > 0 and (raw[k] & 0xc0) == 0x80:
        k -= 1
    return raw[:k].decode('utf-8', 'replace'), True


def zero():
    return {'meetings': 0, 'files': 0, 'bytes': 0, 'rec_ms': 0}


def add(to, c):
    for k in to:
        to[k] += c[k]


def out(c, meetings=True, rec=True):
    r = {}
    if meetings:
        r['meetings'] = c['meetings']
    r['files'] = c['files']
    r['bytes'] = c['bytes']
    if rec:
        r['recorded_seconds'] = c['rec_ms'] // 1000
    return r


def date_str(days):
    y, m, d = civil_from_days(days)
    return '%04d-%02d-%02d' % (y, m, d)


def iso(ms):
    s = ms // 1000
    days = s // 86400
    rest = s - days * 86400
    return '%sT%02d:%02d:%02dZ' % (date_str(days), rest // 3600, rest // 60 % 60, rest % 60)


def union_ms(iv):
    iv.sort()
    total = 0
    cs, ce = iv[0]
    for a, e in iv[1:]:
        if a > ce:
            total += ce - cs
            cs, ce = a, e
        elif e > ce:
            ce = e
    return total + ce - cs


class Users:
    def __init__(self, path):
        self.ids, self.mails, self.n = {}, {}, 0
        if path is None:
            return
        for line in open(path, encoding='utf-8'):
            if not line.strip():
                continue
            u = load_line(line)
            self.n += 1
            name = sstr(u.get('display_name')) or None
            if name is None:
                first = sstr(u.get('first_name')) or None
                last = sstr(u.get('last_name')) or None
                if first or last:
                    name = ' '.join(x for x in (first, last) if x)
            dept = sstr(u.get('dept')) or ''
            ent = (name, dept)
            uid = sstr(u.get('id'))
            if uid:
                self.ids.setdefault(uid, ent)
            mail = sstr(u.get('email'))
            if mail:
                self.mails.setdefault(mail.translate(ASCII_LOWER), ent)

    def find(self, key):
        if key is None:
            return None
        if key in self.ids:
            return self.ids[key]
        return self.mails.get(key.translate(ASCII_LOWER))


ASCII_LOWER = {c: c + 32 for c in range(ord('A'), ord('Z') + 1)}


def age_bucket(age):
    if age < 0:
        return 7
    for i, lim in enumerate((30, 90, 180, 365, 730, 1095)):
        if age < lim:
            return i
    return 6


AGES = [('0-29 days', 0, 29), ('30-89 days', 30, 89), ('90-179 days', 90, 179),
        ('180-364 days', 180, 364), ('1-2 years', 365, 729), ('2-3 years', 730, 1094),
        ('3 years or more', 1095, None), ('after the as-of day', None, None),
        ('start time unreadable', None, None)]


class Figures:
    def __init__(self, as_of, retention, users, csv):
        self.as_of, self.retention, self.users, self.csv = as_of, retention, users, csv
        self.records = 0
        self.total = zero()
        self.no_size = self.bad_size = self.start_unknown = 0
        self.user = {}          # id -> dict of counts
        self.months = {}
        self.month_unknown = zero()
        self.types = {}
        self.type_other = zero()
        self.ages = [zero() for _ in AGES]
        self.past = zero()
        self.trash = zero()
        self.purge = zero()
        self.purge_day = [zero() for _ in range(PURGE_DAYS)]
        self.overdue = self.later = self.unknown = 0
        self.notdone = zero()
        self.statuses = {}
        self.status_other = zero()
        self.nopass = zero()
        self.lists = {'purge': [], 'notdone': [], 'nopass': []}

    def item(self, m, start_ms):
        user = sstr(m.get('_user'))
        found = self.users.find(user)
        topic, topic_cut = cut(sstr(m.get('topic')), TOPIC_MAX)
        return {'user': user, 'name': found[0] if found else None,
                'uuid': sstr(m.get('uuid')), 'topic': topic, 'topic_cut': topic_cut,
                'start_time': cut(sstr(m.get('start_time')), SHORT_MAX)[0],
                '_start': start_ms}

    def add(self, m, trash_row=False):
        self.records += 1
        files = m.get('recording_files')
        files = [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []
        start_ms = parse_ts(m.get('start_time'))
        c = {'meetings': 1, 'files': len(files), 'bytes': 0, 'rec_ms': 0}
        iv = []
        for f in files:
            a, e = parse_ts(f.get('recording_start')), parse_ts(f.get('recording_end'))
            if a is not None and e is not None and e >= a:
                iv.append((a, e))
        if iv:
            c['rec_ms'] = union_ms(iv)
        else:
            rc, dur = uint(m.get('duration'))
            if rc == 0 and dur <= MAX_DURATION_MIN:
                c['rec_ms'] = dur * 60000
        tr = {'files': 0, 'bytes': 0, 'pfiles': 0, 'pbytes': 0, 'first': None,
              'row': trash_row, 'row_del': None}
        if trash_row:
            # zrx sync keeps the deleted_time of the first file that has one
            said = [f['deleted_time'] for f in files if isinstance(f.get('deleted_time'), str)
                    and not isinstance(f['deleted_time'], Num)]
            if said:
                tr['row_del'] = parse_ts(said[0])
        nd_files = nd_bytes = 0
        for i, f in enumerate(files):
            rc, size = uint(f.get('file_size'))
            self.trash_file(f, rc, size, tr)
            if trash_row:
                continue
            if rc == 0:
                c['bytes'] += size
            elif rc > 0:
                self.no_size += 1
            else:
                self.bad_size += 1
            t = sstr(f.get('file_type')) or ''
            bucket = self.types.get(t)
            if bucket is None:
                if len(self.types) >= MAX_TYPES:
                    bucket = self.type_other
                else:
                    bucket = self.types[t] = zero()
            bucket['files'] += 1
            bucket['bytes'] += size if rc == 0 else 0
            st = f.get('status')
            if present(st) and not (sstr(st) == 'completed'):
                nd_files += 1
                nd_bytes += size if rc == 0 else 0
                label = text(st)
                sb = self.statuses.get(label)
                if sb is None:
                    sb = self.status_other if len(self.statuses) >= MAX_STATUSES else \
                        self.statuses.setdefault(label, zero())
                sb['files'] += 1
                sb['bytes'] += size if rc == 0 else 0
                it = self.item(m, start_ms)
                it.update({'file_index': i, 'file_type': cut(sstr(f.get('file_type')),
                                                              SHORT_MAX)[0],
                           'status': cut(text(st), SHORT_MAX)[0],
                           'file_size': size if rc == 0 else None})
                self.lists['notdone'].append(it)
        self.trash_meeting(m, start_ms, tr)
        if not trash_row:
            self.counted(m, c, start_ms, nd_files, nd_bytes)

    def trash_file(self, f, rc, size, tr):
        if not tr['row'] and not present(f.get('deleted_time')):
            return
        tr['files'] += 1
        tr['bytes'] += size if rc == 0 else 0
        dele = tr['row_del'] if tr['row_del'] is not None else parse_ts(f.get('deleted_time'))
        if dele is None:
            self.unknown += 1
            return
        purge = dele + TRASH_DAYS * DAY_MS
        day = purge // DAY_MS
        if day < self.as_of:
            self.overdue += 1
        elif day >= self.as_of + PURGE_DAYS:
            self.later += 1
        else:
            pd = self.purge_day[day - self.as_of]
            pd['files'] += 1
            pd['bytes'] += size if rc == 0 else 0
            tr['pfiles'] += 1
            tr['pbytes'] += size if rc == 0 else 0
            if tr['first'] is None or purge < tr['first']:
                tr['first'] = purge

    def trash_meeting(self, m, start_ms, tr):
        if tr['files'] == 0 and not tr['row']:
            return
        add(self.trash, {'meetings': 1, 'files': tr['files'], 'bytes': tr['bytes'],
                         'rec_ms': 0})
        if tr['first'] is None:
            return
        add(self.purge, {'meetings': 1, 'files': tr['pfiles'], 'bytes': tr['pbytes'],
                         'rec_ms': 0})
        self.purge_day[tr['first'] // DAY_MS - self.as_of]['meetings'] += 1
        it = self.item(m, start_ms)
        it.update({'purge_time': iso(tr['first']), '_purge': tr['first'],
                   'files': tr['pfiles'], 'bytes': tr['pbytes']})
        self.lists['purge'].append(it)

    def counted(self, m, c, start_ms, nd_files, nd_bytes):
        uid = sstr(m.get('_user')) or ''
        u = self.user.setdefault(uid, {'all': zero(), 'past': zero(), 'nopass': zero(),
                                       'notdone': zero()})
        add(self.total, c)
        add(u['all'], c)
        if start_ms is None:
            self.start_unknown += 1
            add(self.ages[8], c)
            add(self.month_unknown, c)
        else:
            day = start_ms // DAY_MS
            y, mo, _ = civil_from_days(day)
            if 0 <= y <= 9999:
                add(self.months.setdefault('%04d-%02d' % (y, mo), zero()), c)
            else:
                add(self.month_unknown, c)
            add(self.ages[age_bucket(self.as_of - day)], c)
            if self.retention and self.as_of - day > self.retention:
                add(self.past, c)
                add(u['past'], c)
        if not present(m.get('recording_play_passcode')):
            add(self.nopass, c)
            add(u['nopass'], c)
            it = self.item(m, start_ms)
            it.update({'files': c['files'], 'bytes': c['bytes']})
            self.lists['nopass'].append(it)
        if nd_files:
            nd = {'meetings': 1, 'files': nd_files, 'bytes': nd_bytes, 'rec_ms': 0}
            add(self.notdone, nd)
            add(u['notdone'], nd)

    # --- the JSON ---

    def dept(self, uid):
        found = self.users.find(uid) if self.users.n or self.users.ids else None
        if found is None:
            return '(unknown)'
        return found[1] or '(none)'

    def table(self, rows, key, order, rest_key, meetings=True, rec=True, extra=None,
              kind=None, top=TOP):
        rows.sort(key=order)
        res = {'count': len(rows), 'top': []}
        for label, c, more in rows[:top]:
            r = {key: label}
            if kind == 'users':
                found = self.users.find(label)
                r['name'] = found[0] if found else None
                r['dept'] = self.dept(label)
            elif kind == 'depts':
                r['users'] = more
            r.update(out(c, meetings, rec))
            res['top'].append(r)
        rest, n, users = zero(), 0, 0
        for label, c, more in rows[top:]:
            add(rest, c)
            n += 1
            users += more or 0
        if extra is not None and (extra['files'] or extra['meetings']):
            add(rest, extra)
            n += 1
        if n:
            r = {rest_key: n}
            if kind == 'depts':
                r['users'] = users
            r.update(out(rest, meetings, rec))
            res['rest'] = r
        else:
            res['rest'] = None
        return res

    def user_table(self, which, order, meetings=True, rec=True):
        rows = [(uid, u[which], 1) for uid, u in self.user.items()
                if u[which]['meetings'] or u[which]['files']]
        return self.table(rows, 'user', order, 'users', meetings, rec, kind='users')

    def lst(self, name, order, fields):
        items = sorted(self.lists[name], key=order)
        res = []
        for it in items[:TOP]:
            res.append({k: it[k] for k in fields})
        return res, len(items)

    def result(self):
        by_bytes = lambda r: (-r[1]['bytes'], b(r[0]))
        by_files = lambda r: (-r[1]['files'], b(r[0]))
        by_meet = lambda r: (-r[1]['meetings'], b(r[0]))
        head = ['user', 'name', 'uuid', 'topic', 'topic_cut', 'start_time']
        res = {'as_of': date_str(self.as_of),
               'retention_days': self.retention or None}
        t = {'users': len(self.user)}
        t.update(out(self.total))
        t.update({'files_without_size': self.no_size,
                  'files_unreadable_size': self.bad_size,
                  'meetings_unknown_start': self.start_unknown,
                  'records_read': self.records})
        res['totals'] = t
        res['months'] = [dict({'month': k}, **out(v)) for k, v in sorted(self.months.items())]
        res['month_unknown'] = out(self.month_unknown)
        res['users'] = self.user_table('all', by_bytes)
        depts = {}
        for uid, u in self.user.items():
            d = depts.setdefault(self.dept(uid), [zero(), 0])
            add(d[0], u['all'])
            d[1] += 1
        res['departments'] = self.table([(k, v[0], v[1]) for k, v in depts.items()], 'dept',
                                        by_bytes, 'departments', kind='depts')
        res['file_types'] = self.table([(k, v, None) for k, v in self.types.items()],
                                       'file_type', by_bytes, 'file_types', False, False,
                                       extra=self.type_other)
        res['ages'] = [dict({'bucket': a[0], 'min_days': a[1], 'max_days': a[2]}, **out(c))
                       for a, c in zip(AGES, self.ages)]
        if self.retention:
            r = {'days': self.retention,
                 'started_before': date_str(self.as_of - self.retention),
                 'users': sum(1 for u in self.user.values() if u['past']['meetings'])}
            r.update(out(self.past))
            r['by_user'] = self.user_table('past', by_bytes)
            res['retention'] = r
        else:
            res['retention'] = None
        tr = {'window_from': date_str(self.as_of),
              'window_to': date_str(self.as_of + PURGE_DAYS - 1)}
        tr.update(out(self.trash, rec=False))
        tr['purge'] = out(self.purge, rec=False)
        tr['purge_days'] = [dict({'date': date_str(self.as_of + i)}, **out(c, rec=False))
                            for i, c in enumerate(self.purge_day)]
        tr['purge_overdue_files'] = self.overdue
        tr['purge_later_files'] = self.later
        tr['purge_unknown_files'] = self.unknown
        tr['list'], tr['list_total'] = self.lst(
            'purge', lambda i: (i['_purge'], b(i['user']), b(i['uuid'])),
            head + ['purge_time', 'files', 'bytes'])
        res['trash'] = tr
        nd = out(self.notdone, rec=False)
        nd['users'] = sum(1 for u in self.user.values() if u['notdone']['files'])
        nd['statuses'] = self.table([(k, v, None) for k, v in self.statuses.items()],
                                    'status', by_files, 'statuses', False, False,
                                    extra=self.status_other)
        nd['by_user'] = self.user_table('notdone', by_files, rec=False)
        nd['list'], nd['list_total'] = self.lst(
            'notdone', lambda i: (i['_start'] is None, i['_start'] or 0, b(i['user']),
                                  b(i['uuid']), i['file_index']),
            head + ['file_index', 'file_type', 'status', 'file_size'])
        res['not_completed'] = nd
        if self.csv:
            res['no_passcode'] = None
        else:
            np_ = out(self.nopass)
            np_['users'] = sum(1 for u in self.user.values() if u['nopass']['meetings'])
            np_['by_user'] = self.user_table('nopass', by_meet)
            np_['list'], np_['list_total'] = self.lst(
                'nopass', lambda i: (-i['bytes'], b(i['user']), b(i['uuid'])),
                head + ['files', 'bytes'])
            res['no_passcode'] = np_
        return res


def diff(want, got, path, out_):
    if isinstance(want, dict) and isinstance(got, dict):
        for k in want:
            if k not in got:
                out_.append('%s.%s: missing' % (path, k))
            else:
                diff(want[k], got[k], '%s.%s' % (path, k), out_)
    elif isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            out_.append('%s: %d entries, wanted %d' % (path, len(got), len(want)))
        for i, (w, g) in enumerate(zip(want, got)):
            diff(w, g, '%s[%d]' % (path, i), out_)
    elif want != got or type(want) is not type(got) and not (
            isinstance(want, int) and isinstance(got, int)):
        out_.append('%s: %r, wanted %r' % (path, got, want))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('truth', nargs='+')
    ap.add_argument('--as-of', required=True)
    ap.add_argument('--retention', type=int, default=0)
    ap.add_argument('--users')
    ap.add_argument('--csv', action='store_true')
    ap.add_argument('--trash-rows', action='append', default=[])
    ap.add_argument('--compare')
    a = ap.parse_args()
    y, m, d = (int(x) for x in a.as_of.split('-'))
    fig = Figures(days_from_civil(y, m, d), a.retention, Users(a.users), a.csv)
    for path in a.truth + a.trash_rows:
        for line in open(path, encoding='utf-8', errors='surrogateescape'):
            if line.strip():
                fig.add(load_line(line), path in a.trash_rows)
    want = fig.result()
    if not a.compare:
        json.dump(want, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    got = json.load(open(a.compare, encoding='utf-8'))
    problems = []
    diff(want, got, 'report', problems)
    for p in problems[:30]:
        print(p)
    if problems:
        print('%d differences' % len(problems))
        return 1
    print('figures equal: %d meetings, %d files, %d bytes' %
          (want['totals']['meetings'], want['totals']['files'], want['totals']['bytes']))
    return 0


if __name__ == '__main__':
    sys.exit(main())

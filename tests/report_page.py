#!/usr/bin/env python3
"""Checks of a zrx report page (or of Chromium's DOM dump of it).

  report_page.py validate PAGE          strict HTML5 parse (html5lib): no parse
                                        error, no script, no event handler, no
                                        external reference, every section
  report_page.py text PAGE STRING...    each STRING is in the page's text
  report_page.py figures PAGE JSON      the figures shown (data-value, and the
                                        text of counts) equal the JSON report's
  report_page.py netlog NETLOG          Chromium's net log holds no request made
                                        by a page (only the browser's own)
"""
import html.parser
import json
import sys

SECTIONS = ['totals', 'months', 'users', 'departments', 'file-types', 'ages', 'trash',
            'not-completed', 'passcode']


class Scan(html.parser.HTMLParser):
    """ids, their data-value and text; all text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.values, self.texts, self.text = set(), {}, {}, []
        self.open = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            self.ids.add(a['id'])
            if 'data-value' in a:
                self.values[a['id']] = a['data-value']
                self.texts[a['id']] = ''
                self.open.append((tag, a['id']))
                return
        self.open.append((tag, None))

    def handle_endtag(self, tag):
        while self.open:
            t, i = self.open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        for t, i in self.open:
            if i is not None:
                self.texts[i] += data


def scan(path):
    s = Scan()
    s.feed(open(path, encoding='utf-8').read())
    s.close()
    return s


def validate(path):
    import html5lib
    text = open(path, encoding='utf-8').read()
    p = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = p.parse(text)
    bad = []
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ''
        local = tag.split('}')[-1]
        if local in ('script', 'link', 'img', 'iframe', 'object', 'embed', 'image', 'use',
                     'base', 'form', 'audio', 'video', 'source'):
            bad.append('a <%s> element' % local)
        for k, v in el.attrib.items():
            k = k.split('}')[-1]
            if k.lower().startswith('on'):
                bad.append('an event handler %s=%r' % (k, v))
            if k in ('src', 'href', 'srcset', 'action') and not v.startswith('#'):
                bad.append('a reference %s=%r' % (k, v))
    ids = {el.get('id') for el in doc.iter() if el.get('id')}
    bad += ['no section #%s' % s for s in SECTIONS if s not in ids]
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


def text(path, strings):
    s = scan(path)
    whole = ''.join(s.text)
    missing = [x for x in strings if x not in whole]
    for m in missing:
        print('not in the text: %r' % m)
    return 1 if missing else 0


def fmt_count(n):
    return '{:,}'.format(n)


def figures(path, report):
    s = scan(path)
    r = json.load(open(report, encoding='utf-8'))
    want = {
        'total-users': r['totals']['users'], 'total-meetings': r['totals']['meetings'],
        'total-files': r['totals']['files'], 'total-bytes': r['totals']['bytes'],
        'total-hours': r['totals']['recorded_seconds'],
        'trash-meetings': r['trash']['meetings'], 'trash-files': r['trash']['files'],
        'trash-bytes': r['trash']['bytes'],
        'purge-meetings': r['trash']['purge']['meetings'],
        'purge-files': r['trash']['purge']['files'],
        'purge-bytes': r['trash']['purge']['bytes'],
        'notdone-files': r['not_completed']['files'],
        'notdone-meetings': r['not_completed']['meetings'],
        'notdone-users': r['not_completed']['users'],
    }
    if r['retention'] is not None:
        want.update({'past-meetings': r['retention']['meetings'],
                     'past-files': r['retention']['files'],
                     'past-bytes': r['retention']['bytes'],
                     'past-users': r['retention']['users']})
    if r['no_passcode'] is not None:
        want.update({'nopass-meetings': r['no_passcode']['meetings'],
                     'nopass-files': r['no_passcode']['files'],
                     'nopass-bytes': r['no_passcode']['bytes'],
                     'nopass-users': r['no_passcode']['users']})
    elif 'passcode-unavailable' not in s.ids:
        print('CSV input, but the passcode section does not say it is not available')
        return 1
    bad = []
    bad += ['no section #%s' % x for x in SECTIONS if x not in s.ids]
    for k, v in want.items():
        if k not in s.values:
            bad.append('no figure #%s' % k)
        elif int(s.values[k]) != v:
            bad.append('#%s is %s, the JSON says %d' % (k, s.values[k], v))
        elif not k.endswith(('bytes', 'hours')) and s.texts[k].strip() != fmt_count(v):
            bad.append('#%s shows %r, not %s' % (k, s.texts[k], fmt_count(v)))
    if s.values.get('as-of', r['as_of']) != r['as_of'] and 'as-of' in s.values:
        bad.append('as-of differs')
    for b in bad:
        print(b)
    if not bad:
        print('%d figures equal' % len(want))
    return 1 if bad else 0


def netlog(path):
    d = json.load(open(path, encoding='utf-8'))
    types = {v: k for k, v in d['constants']['logEventTypes'].items()}
    bad = []
    for e in d.get('events', []):
        if types.get(e.get('type')) != 'URL_REQUEST_START_JOB':
            continue
        p = e.get('params', {})
        url = p.get('url')
        if not url or url.split(':', 1)[0] in ('file', 'data', 'chrome', 'about', 'blob'):
            continue
        # the browser's own requests (time, updates) have no initiating page
        if p.get('initiator') == 'not an origin':
            continue
        bad.append(url)
    for u in bad:
        print('requested by the page: %s' % u)
    return 1 if bad else 0


def main():
    cmd = sys.argv[1]
    if cmd == 'validate':
        return validate(sys.argv[2])
    if cmd == 'text':
        return text(sys.argv[2], sys.argv[3:])
    if cmd == 'figures':
        return figures(sys.argv[2], sys.argv[3])
    if cmd == 'netlog':
        return netlog(sys.argv[2])
    print('unknown command %s' % cmd)
    return 2


if __name__ == '__main__':
    sys.exit(main())

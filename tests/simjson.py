"""simjson.py - what the zrx-sim checkers (it_sim.sh, it_simtime.sh) share:
JSON read with numbers kept as sent, written back in the simulator's
canonical form, and month windows."""
import datetime
import json


class Raw(str):
    """A number exactly as sent."""


def cstr(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch in '\b\f\n\r\t':
            out.append({'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r',
                        '\t': '\\t'}[ch])
        elif o < 0x20 or o == 0x7f:
            out.append('\\u%04x' % o)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def canon(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, str):
        return cstr(v)
    if isinstance(v, list):
        return '[' + ','.join(canon(x) for x in v) + ']'
    return '{' + ','.join(cstr(k) + ':' + canon(x) for k, x in v.items()) + '}'


def loads(b):
    if isinstance(b, bytes):
        b = b.decode('utf-8')
    return json.loads(b, parse_int=Raw, parse_float=Raw)


def months(frm, to):
    """Month windows [1st, 1st of next month] covering [frm, to]."""
    out = []
    d = frm.replace(day=1)
    while d <= to:
        nxt = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        out.append((max(d, frm), nxt))
        d = nxt
    return out

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's YNL client as one long session for selftests/ynl.sh: the
# library tools/net/ynl/cli.py is built on, driven request by request from
# stdin, so the spec is parsed once, not once per request (pure-Python YAML
# under TCG took four seconds a request: three minutes of the suite).
#
#   ynl_session.py YNL_DIR SPEC TMP
#
# Each stdin line is "do OP JSON" or "dump OP JSON".  As cli.py
# --output-json would, the reply goes to TMP/reply.json (or the netlink
# error's text, as cli.py prints it) and anything else that failed to
# TMP/reply.err; then the exit status cli.py would have had is printed on
# a line of its own, the shell's cue to read the files.
import json
import sys
import traceback

ynl_dir, spec, tmp = sys.argv[1:4]
sys.path.append(ynl_dir + '/tools/net/ynl')
from lib import YnlFamily, NlError  # noqa: E402


class YnlEncoder(json.JSONEncoder):
    """cli.py's: bytes as hex, sets as lists"""
    def default(self, o):
        if isinstance(o, bytes):
            return bytes.hex(o)
        if isinstance(o, set):
            return list(o)
        return json.JSONEncoder.default(self, o)


ynl = YnlFamily(spec, '')
for line in sys.stdin:
    mode, op, text = (line.rstrip('\n').split(' ', 2) + ['', ''])[:3]
    out, err, rc = '', '', 0
    try:
        attrs = json.loads(text) if text.strip() else {}
        if mode == 'do':
            reply = ynl.do(op, attrs, None)
        elif mode == 'dump':
            reply = ynl.dump(op, attrs)
        else:
            raise ValueError('mode must be do or dump, not ' + mode)
        out = json.dumps(reply, cls=YnlEncoder) + '\n'
    except NlError as e:
        out, rc = str(e) + '\n', 1
    except Exception:  # pylint: disable=broad-except
        err, rc = traceback.format_exc(), 1
    with open(tmp + '/reply.json', 'w', encoding='utf-8') as f:
        f.write(out)
    with open(tmp + '/reply.err', 'w', encoding='utf-8') as f:
        f.write(err)
    print(rc, flush=True)

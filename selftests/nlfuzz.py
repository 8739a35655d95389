#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the "vswitch" generic netlink family.

  nlfuzz.py [--count N] [--seed S] [--unprivileged] [--names a,b,...]
            [--devs d1,d2,...]

Sends N requests of three kinds:
- mutated valid requests (most): every operation of the YNL spec
  (Documentation/netlink/specs/vswitch.yaml) with the attributes it takes
  and values at and beyond their checks (min, max, lengths, enums), then
  mutated: a value or a length wrong, an attribute repeated, left out,
  wrapped in a nest, flagged nested, or one the operation does not take;
- random ones: random commands, flags, attribute types, lengths, values
  and nesting, and byte-level mutations of whole messages;
- dumps interrupted mid-way: a dump on a socket of its own, read in part,
  then either abandoned (the socket closed) or read to its end after
  changes made in between.
A socket subscribed to the events group drains what the requests announce
(and counts the losses the kernel reports).  Names come only from --names
and --devs (so a test can keep objects of its own out of reach).  Every
request asks for an ACK; the kernel must answer each one.  With
--unprivileged (run it without CAP_NET_ADMIN over the switch's namespace)
every change must be refused.  Prints a summary with requests/s and exits
1 on a missing answer, a dump that does not end, or an accepted change
without privilege.
"""
import argparse
import errno
import os
import random
import re
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NLM_F_REQUEST, NLM_F_ACK, NLM_F_ECHO = 1, 4, 8
NLM_F_DUMP = 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 0x8000



def uapi_enum(name):
    """{ENTRY: value} of an enum in include/uapi/linux/vswitch.h."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "include", "uapi", "linux", "vswitch.h")
    body = re.search(r"enum %s \{(.*?)\};" % name, open(path).read(), re.S)
    out = {}
    for i, e in enumerate(re.findall(r"^\s*(\w+),", body.group(1), re.M)):
        out[e] = i
    return out


CMD = uapi_enum("vswitch_cmd")
ATTR = uapi_enum("vswitch_attr")
CHANGE_CMDS = {v for k, v in CMD.items()
               if k.endswith(("_NEW", "_SET", "_DEL"))}
N_CMDS = CMD["__VSWITCH_CMD_MAX"]
N_ATTRS = ATTR["__VSWITCH_A_MAX"] + 2

# well-formed requests: the attributes each command takes, and their types
TYPES = {
    "SWITCH_NAME": "name", "SWITCH_MTU": "u32", "SWITCH_AGEING": "u32",
    "IFNAME": "dev", "PG_NAME": "name", "PG_VLAN_MODE": "u8",
    "PG_VLAN_ID": "u16", "PG_TRUNK_VIDS": "vids", "PG_PCP": "u8",
    "PORT_MAC": "mac", "FDB_VID": "u16", "PG_TEAMING": "u8",
    "PG_ACTIVE": "ifindexes", "PG_STANDBY": "ifindexes", "PG_NOTIFY": "u8",
    "PG_FAILBACK": "u8", "PG_DETECT": "u8", "PG_PROMISC": "u8",
    "PG_FORGED_TX": "u8", "PG_MAC_CHANGES": "u8", "PORT_MAX_MACS": "u32",
    "PG_SHAPE_DIR": "u8", "PG_SHAPE_AVG": "u64", "PG_SHAPE_PEAK": "u64",
    "PG_SHAPE_BURST": "u32",
}
PG_POLICY = ["PG_VLAN_MODE", "PG_VLAN_ID", "PG_TRUNK_VIDS", "PG_PCP",
             "PG_TEAMING", "PG_ACTIVE", "PG_STANDBY", "PG_NOTIFY",
             "PG_FAILBACK", "PG_DETECT", "PG_PROMISC", "PG_FORGED_TX",
             "PG_MAC_CHANGES", "PG_SHAPE_DIR", "PG_SHAPE_AVG",
             "PG_SHAPE_PEAK", "PG_SHAPE_BURST"]
TEMPLATES = {
    "SWITCH_NEW": (["SWITCH_NAME"], ["SWITCH_MTU", "SWITCH_AGEING"]),
    "SWITCH_SET": (["SWITCH_NAME"], ["SWITCH_MTU", "SWITCH_AGEING"]),
    "SWITCH_DEL": (["SWITCH_NAME"], []),
    "SWITCH_GET": (["SWITCH_NAME"], []),
    "UPLINK_NEW": (["SWITCH_NAME", "IFNAME"], []),
    "UPLINK_DEL": (["SWITCH_NAME", "IFNAME"], []),
    "UPLINK_GET": ([], ["SWITCH_NAME"]),
    "PORTGROUP_NEW": (["SWITCH_NAME", "PG_NAME"], PG_POLICY),
    "PORTGROUP_SET": (["SWITCH_NAME", "PG_NAME"], PG_POLICY),
    "PORTGROUP_DEL": (["SWITCH_NAME", "PG_NAME"], []),
    "PORTGROUP_GET": (["SWITCH_NAME"], ["PG_NAME"]),
    "PORT_NEW": (["SWITCH_NAME", "PG_NAME", "IFNAME"],
                 ["PORT_MAC", "PORT_MAX_MACS"]),
    "PORT_SET": (["IFNAME"], ["PG_NAME", "PORT_MAC", "PORT_MAX_MACS"]),
    "PORT_DEL": (["IFNAME"], []),
    "PORT_GET": ([], ["SWITCH_NAME", "IFNAME"]),
    "FDB_GET": (["SWITCH_NAME"], ["FDB_VID", "IFNAME"]),
}


def load_spec():
    """The operations and attributes of the YNL spec, with their checks."""
    import yaml
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "Documentation", "netlink", "specs", "vswitch.yaml")
    spec = yaml.safe_load(open(path))
    consts = {d["name"]: d["value"] for d in spec["definitions"]
              if d["type"] == "const"}
    enums = {d["name"]: len(d["entries"]) for d in spec["definitions"]
             if d["type"] == "enum"}
    attrs = {}
    for a in spec["attribute-sets"][0]["attributes"]:
        c = {k: consts.get(v, v) for k, v in (a.get("checks") or {}).items()}
        key = "VSWITCH_A_" + a["name"].upper().replace("-", "_")
        if key in ATTR:
            attrs[a["name"]] = (ATTR[key], a["type"], c,
                                enums.get(a.get("enum")))
    ops = []
    for o in spec["operations"]["list"]:
        key = "VSWITCH_CMD_" + o["name"].upper().replace("-", "_")
        for mode in ("do", "dump"):
            req = (o.get(mode) or {}).get("request")
            if req is not None and key in CMD:
                ops.append((CMD[key], mode == "dump",
                            [n for n in req.get("attributes", [])
                             if n in attrs]))
    return ops, attrs


def attr(t, data):
    a = struct.pack("=HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def nlmsg(mtype, flags, seq, payload):
    return struct.pack("=IHHII", 16 + len(payload), mtype, flags, seq, 0) + payload


class Fuzzer:
    def __init__(self, args):
        self.rnd = random.Random(args.seed)
        self.names = args.names.split(",")
        self.devs = args.devs.split(",")
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.sock.settimeout(5)
        self.seq = 0
        self.groups = {}
        self.unprivileged = args.unprivileged
        self.errors = {}
        self.accepted = self.noanswer = 0
        self.family = self.resolve("vswitch")
        self.ops, self.spec_attrs = load_spec()
        self.all_types = sorted(a[0] for a in self.spec_attrs.values())
        self.events = self.lost = self.dumps_cut = self.dumps_across = 0
        self.dumps_unended = 0
        self.ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.ev.bind((0, 0))
        self.ev.setblocking(False)
        try:
            self.ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                               self.groups["events"])
        except (OSError, KeyError):
            self.ev.close()
            self.ev = None
        self.indexes = [socket.if_nametoindex(d) for d in self.devs
                        if self.exists(d)] + [0, 1, 0x7fffffff]

    @staticmethod
    def exists(dev):
        try:
            socket.if_nametoindex(dev)
            return True
        except OSError:
            return False

    def resolve(self, name):
        payload = struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0)
        payload += attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
        err, msgs = self.request(GENL_ID_CTRL, NLM_F_REQUEST, payload)
        family = None
        for m in msgs:
            for atype, data in self.parse(m[20:]):
                if atype == CTRL_ATTR_FAMILY_ID:
                    family = struct.unpack_from("=H", data)[0]
                if atype == CTRL_ATTR_MCAST_GROUPS:
                    for _, grp in self.parse(data):
                        g = dict(self.parse(grp))
                        if CTRL_ATTR_MCAST_GRP_NAME in g:
                            self.groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                                struct.unpack_from("=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        if family is None:
            sys.exit("family %s not found (%s)" % (name, err))
        return family

    @staticmethod
    def parse(b):
        """[(type, payload)] of the attributes in @b."""
        out, off = [], 0
        while off + 4 <= len(b):
            alen, atype = struct.unpack_from("=HH", b, off)
            if alen < 4:
                break
            out.append((atype & 0x3fff, b[off + 4:off + alen]))
            off += (alen + 3) & ~3
        return out

    def drain_events(self):
        """Read what the events group announced; count the losses."""
        while self.ev:
            try:
                data = self.ev.recv(1 << 20)
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise
                self.lost += 1
                continue
            off = 0
            while off + 16 <= len(data):
                mlen = struct.unpack_from("=I", data, off)[0]
                if mlen < 16:
                    break
                self.events += 1
                off += (mlen + 3) & ~3

    def request(self, mtype, flags, payload, raw=None):
        """Send; return (error code or None, data messages)."""
        self.seq += 1
        seq = self.seq
        if raw is not None:
            msg = bytearray(raw)
            struct.pack_into("=I", msg, 8, seq)
        else:
            msg = nlmsg(mtype, flags | NLM_F_ACK, seq, payload)
        self.sock.send(bytes(msg))
        msgs = []
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mt, _, mseq, _ = struct.unpack_from("=IHHII", data, off)
                if mlen < 16:
                    break
                if mseq == seq and mt == NLMSG_ERROR:
                    return -struct.unpack_from("=i", data, off + 16)[0], msgs
                if mseq == seq and mt == NLMSG_DONE:
                    return 0, msgs
                msgs.append(data[off:off + mlen])
                off += (mlen + 3) & ~3

    def send_one(self, req):
        """One request; counts its answer."""
        cmd, flags, payload, raw = req
        try:
            err, _ = self.request(self.family, flags, payload, raw)
        except socket.timeout:
            self.noanswer += 1
            return
        except OSError as e:     # a mutated message the socket layer refused
            err = e.errno
        self.errors[err] = self.errors.get(err, 0) + 1
        if self.unprivileged and err == 0 and cmd in CHANGE_CMDS and \
                not flags & NLM_F_DUMP and raw is None:
            self.accepted += 1

    # --- values -------------------------------------------------------------

    def name(self):
        r = self.rnd.random()
        if r < 0.6:
            return self.rnd.choice(self.names).encode() + b"\0"
        if r < 0.75:
            return self.rnd.choice(self.devs).encode() + b"\0"
        if r < 0.85:
            return b"x" * self.rnd.randint(0, 80)          # no NUL, too long
        return bytes(self.rnd.randrange(256) for _ in range(self.rnd.randint(0, 20))) + b"\0"

    def number(self, size):
        v = self.rnd.choice([0, 1, 2, 7, 8, 67, 68, 1500, 4094, 4095, 4096,
                             9000, 9001, 131072, 131073, 0x7fffffff,
                             (1 << (8 * size)) - 1,
                             self.rnd.randrange(1 << (8 * size))])
        return (v % (1 << (8 * size))).to_bytes(size, "little")

    def value(self, depth=0):
        r = self.rnd.random()
        if r < 0.25:
            return self.name()
        if r < 0.55:
            return self.number(self.rnd.choice([1, 2, 4, 8]))
        if r < 0.7:
            return b"".join(struct.pack("=I", self.rnd.choice(self.indexes))
                            for _ in range(self.rnd.randint(0, 20)))
        if r < 0.8 and depth < 3:
            return self.attrs(depth + 1)
        if r < 0.9:
            return self.rnd.choice([b"", bytes(6), bytes(512), b"\xff" * 512,
                                    b"\x02\0\0\0\0\x01"])
        return bytes(self.rnd.randrange(256) for _ in range(self.rnd.randint(0, 700)))

    def attrs(self, depth=0):
        out = b""
        for _ in range(self.rnd.randint(0, 10)):
            t = self.rnd.randrange(N_ATTRS)
            if self.rnd.random() < 0.05:
                t |= NLA_F_NESTED
            out += attr(t, self.value(depth))
        return out

    def mutate(self, msg):
        b = bytearray(msg)
        for _ in range(self.rnd.randint(1, 4)):
            r = self.rnd.random()
            if r < 0.4 and len(b) > 20:
                i = self.rnd.randrange(20, len(b))
                b[i] ^= 1 << self.rnd.randrange(8)
            elif r < 0.6 and len(b) > 24:
                i = self.rnd.randrange(20, len(b) - 1)
                b[i:i + 2] = struct.pack("=H", self.rnd.randrange(65536))
            elif r < 0.8:
                del b[self.rnd.randrange(16, len(b) + 1):]
            else:
                b += bytes(self.rnd.randrange(256) for _ in range(self.rnd.randint(1, 64)))
        struct.pack_into("=I", b, 0, len(b))
        return bytes(b)

    def typed(self, kind):
        r = self.rnd
        if kind == "name":
            return self.name() if r.random() < 0.2 else \
                r.choice(self.names).encode() + b"\0"
        if kind == "dev":
            return r.choice(self.devs).encode() + b"\0"
        if kind == "u8":
            return bytes([r.choice([0, 1, 2, 3, 4, 7, 8, 255])])
        if kind == "u16":
            return struct.pack("=H", r.choice([0, 1, 10, 4094, 4095, r.randrange(65536)]))
        if kind == "u32":
            return struct.pack("=I", r.choice([0, 1, 67, 68, 1500, 1518, 9000, 131072,
                                                131073, r.randrange(1 << 32)]))
        if kind == "u64":
            return struct.pack("=Q", r.choice([0, 7999, 8000, 10 ** 6, 10 ** 9,
                                                4 * 10 ** 11, 4 * 10 ** 11 + 1,
                                                r.randrange(1 << 64)]))
        if kind == "mac":
            return r.choice([bytes(6), b"\x02\0\0\0\xfe\x01", b"\x01" * 6,
                             bytes(r.randrange(256) for _ in range(6))])
        if kind == "vids":
            b = bytearray(512)
            for _ in range(r.randint(0, 20)):
                v = r.randrange(4096)
                b[v // 8] |= 1 << (v % 8)
            return bytes(b)
        return b"".join(struct.pack("=I", r.choice(self.indexes))
                        for _ in range(r.randint(0, 5)))

    def template(self):
        """A well-formed request of a real command, random values."""
        name = self.rnd.choice(list(TEMPLATES))
        required, optional = TEMPLATES[name]
        chosen = required + [a for a in optional if self.rnd.random() < 0.3]
        payload = struct.pack("=BBH", CMD["VSWITCH_CMD_" + name], 1, 0)
        for a in chosen:
            payload += attr(ATTR["VSWITCH_A_" + a], self.typed(TYPES[a]))
        flags = NLM_F_REQUEST
        if name.endswith("_GET") and self.rnd.random() < 0.6:
            flags |= NLM_F_DUMP
        return CMD["VSWITCH_CMD_" + name], flags, payload, None

    # --- valid requests of the spec, mutated ------------------------------

    ADDRS = [bytes([10, 77, 0, 1]), bytes([127, 0, 0, 1]), bytes([224, 1, 1, 1]),
             bytes(4), b"\xff" * 4, bytes(15) + b"\1", b"\xff\x02" + bytes(13) + b"\1"]

    def spec_value(self, name, valid=True):
        """A value for attribute @name: within its checks when @valid,
        at or beyond them otherwise."""
        r = self.rnd
        if name is None:                # a nest the mutation made
            return self.value(1)
        _, kind, c, nenum = self.spec_attrs[name]
        size = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}.get(kind)
        if size:
            lo = c.get("min", 0)
            hi = c.get("max", (nenum - 1) if nenum else (1 << (8 * size)) - 1)
            if valid:
                v = r.choice([lo, hi, r.randint(lo, hi)])
            else:
                v = r.choice([lo - 1, hi + 1, 0, (1 << (8 * size)) - 1,
                              1 << (8 * size - 1), r.randrange(1 << (8 * size))])
            return (v % (1 << (8 * size))).to_bytes(size, "little")
        if kind == "string":
            pool = self.devs if any(w in name for w in ("ifname", "dev", "uplink")) \
                else self.names
            if valid:
                return r.choice(pool).encode() + b"\0"
            m = c.get("max-len", 15)
            return r.choice([b"a" * m + b"\0", b"a" * (m + 1) + b"\0", b"\0", b"",
                             r.choice(pool).encode(), b"\xff\xfe\0"])
        if kind == "flag":
            return b"" if valid else b"\1"
        if kind == "nest":
            return self.attrs(2)
        # binary: by what it carries
        if "mac" in name:
            mac = r.choice([b"\x02\0\0\0\xfe\x01", bytes(6), b"\xff" * 6,
                            b"\x01\0\x5e\0\0\1"])
            return mac if valid else r.choice([mac[:5], mac + b"\0", b""])
        if "vids" in name:
            b = bytearray(c.get("exact-len", 512))
            for _ in range(r.randint(0, 30)):
                v = r.randrange(4096)
                b[v // 8] |= 1 << (v % 8)
            return bytes(b) if valid else r.choice([bytes(b[:-1]), bytes(b) + b"\0",
                                                    b"\xff" * len(b)])
        if any(w in name for w in ("active", "standby", "uplinks")):
            n = r.randint(0, 8) if valid else r.randint(9, 300)
            return b"".join(struct.pack("=I", r.choice(self.indexes)) for _ in range(n)) + \
                (b"" if valid or r.random() < 0.5 else b"\1")
        if "remotes" in name:
            n = r.randint(0, 8) if valid else r.randint(200, 300)
            width = r.choice([4, 16])
            return b"".join(r.choice([a for a in self.ADDRS if len(a) == width])
                            for _ in range(n)) + (b"" if valid else b"\1\2")
        if any(w in name for w in ("ip", "collector", "local", "group", "source", "vtep")):
            a = r.choice(self.ADDRS)
            return a if valid else r.choice([a[:3], a + b"\0", bytes(17), b""])
        m = c.get("exact-len", c.get("max-len", 16))
        return bytes(r.randrange(256) for _ in range(m if valid else m + 1))

    def spec_request(self):
        """An operation of the spec with the attributes it takes, then
        mutated: (cmd, flags, payload, None)."""
        r = self.rnd
        cmd, dump, names = r.choice(self.ops)
        keys = ("switch-name", "pg-name", "ifname", "mirror-name")
        chosen = [n for n in names if r.random() < (0.9 if n in keys else 0.4)]
        attrs = [[self.spec_attrs[n][0], self.spec_value(n), n] for n in chosen]
        for _ in range(r.choice([0, 1, 1, 2, 3]) if attrs else 1):
            m = r.random()
            if m < 0.3 and attrs:                   # a wrong value or length
                a = r.choice(attrs)
                a[1] = self.spec_value(a[2], valid=False)
            elif m < 0.4 and attrs:                 # truncated or overlong
                a = r.choice(attrs)
                a[1] = a[1][:r.randrange(len(a[1]) + 1)] if r.random() < 0.5 \
                    else a[1] + bytes(r.randint(1, 64))
            elif m < 0.55 and attrs:                # repeated
                a = r.choice(attrs)
                attrs.insert(r.randrange(len(attrs) + 1),
                             [a[0], self.spec_value(a[2], r.random() < 0.5), a[2]])
            elif m < 0.7 and attrs:                 # missing
                attrs.pop(r.randrange(len(attrs)))
            elif m < 0.8 and attrs:                 # inside a nest
                i = r.randrange(len(attrs))
                inner = attr(attrs[i][0], attrs[i][1])
                attrs[i] = [r.choice(self.all_types) | NLA_F_NESTED, inner, None]
            elif m < 0.88 and attrs:                # flagged nested
                r.choice(attrs)[0] ^= NLA_F_NESTED
            else:                                   # one it does not take
                n = r.choice(list(self.spec_attrs))
                attrs.append([self.spec_attrs[n][0], self.spec_value(n), n])
        payload = struct.pack("=BBH", cmd, 1 if r.random() < 0.97 else r.choice([0, 2]), 0)
        payload += b"".join(attr(t, d) for t, d, _ in attrs)
        flags = NLM_F_REQUEST
        if dump:
            flags |= NLM_F_DUMP
        elif r.random() < 0.1:
            flags |= NLM_F_ECHO
        return cmd, flags, payload, None

    @staticmethod
    def ended(data):
        """Whether @data holds the end of a dump (DONE, or an error)."""
        off = 0
        while off + 16 <= len(data):
            mlen, mt = struct.unpack_from("=IH", data, off)
            if mt in (NLMSG_DONE, NLMSG_ERROR):
                return True
            if mlen < 16:
                break
            off += (mlen + 3) & ~3
        return False

    def dump_interrupted(self):
        """A dump on a socket of its own, read in part, then abandoned or
        read to its end after changes in between.  Returns the number of
        requests sent."""
        r = self.rnd
        dumps = [o for o in self.ops if o[1]]
        cmd, _, names = r.choice(dumps)
        payload = struct.pack("=BBH", cmd, 1, 0)
        for n in names:
            if r.random() < 0.2:
                payload += attr(self.spec_attrs[n][0], self.spec_value(n))
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        sent = 1
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            s.bind((0, 0))
            s.settimeout(5)
            s.send(nlmsg(self.family, NLM_F_REQUEST | NLM_F_DUMP, 1, payload))
            if self.ended(s.recv(1 << 16)):
                return sent          # it fitted in one read, or was refused
            if r.random() < 0.5:
                self.dumps_cut += 1
                return sent
            for _ in range(r.randint(1, 5)):
                self.send_one(self.spec_request())
                sent += 1
            self.dumps_across += 1
            for _ in range(100000):
                if self.ended(s.recv(1 << 16)):
                    return sent
        except socket.timeout:
            self.dumps_unended += 1
        except OSError:
            pass             # refused at once (EPERM, EINVAL, ...)
        finally:
            s.close()
        return sent

    def one(self):
        if self.rnd.random() < 0.6:
            return self.spec_request()
        if self.rnd.random() < 0.25:
            return self.template()
        cmd = self.rnd.randrange(N_CMDS + 3)
        flags = NLM_F_REQUEST | self.rnd.choice([0, 0, NLM_F_DUMP, NLM_F_ECHO])
        payload = struct.pack("=BBH", cmd, self.rnd.choice([1, 1, 0, 2]), 0)
        payload += self.attrs()
        raw = None
        if self.rnd.random() < 0.3:   # request() sets the sequence number
            raw = self.mutate(nlmsg(self.family, flags | NLM_F_ACK, 0, payload))
        return cmd, flags, payload, raw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unprivileged", action="store_true")
    ap.add_argument("--names", default="fz0,fz1,pg0,pg1,a,0,-")
    ap.add_argument("--devs", default="fzd0,fzd1,fzd2,fzd3,lo,nosuch")
    args = ap.parse_args()
    f = Fuzzer(args)
    start = time.monotonic()
    sent = 0
    while sent < args.count:
        if sent % 20 == 0:
            f.drain_events()
        if f.rnd.random() < 0.02:
            sent += f.dump_interrupted()
            continue
        f.send_one(f.one())
        sent += 1
    f.drain_events()
    secs = time.monotonic() - start
    summary = ", ".join("%s %d" % (errno.errorcode.get(e, e) if e else "ok", n)
                        for e, n in sorted(f.errors.items(), key=lambda x: -x[1]))
    print("# %d requests in %.0f s (%.0f/s): %s; no answer %d%s" %
          (sent, secs, sent / secs, summary, f.noanswer,
           "; changes accepted without privilege %d" % f.accepted
           if args.unprivileged else ""))
    print("# events read %d, losses reported %d%s; dumps cut short %d, read "
          "across changes %d, never ended %d" %
          (f.events, f.lost, "" if f.ev else " (not subscribed)", f.dumps_cut,
           f.dumps_across, f.dumps_unended))
    return 1 if f.noanswer or f.accepted or f.dumps_unended else 0


if __name__ == "__main__":
    sys.exit(main())

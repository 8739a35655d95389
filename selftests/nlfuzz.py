#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the "vswitch" generic netlink family.

  nlfuzz.py [--count N] [--seed S] [--unprivileged] [--names a,b,...]
            [--devs d1,d2,...]

Sends N requests: random and mutated commands, flags, attribute types,
lengths, values, nesting, truncated and overlong attributes, and
well-formed requests with random values that reach deep into the handlers.
Names come only from --names and --devs (so a test can keep objects of its
own out of reach).  Every request asks for an ACK; the kernel must answer
each one.  With --unprivileged (run it in a user namespace without
CAP_NET_ADMIN over the switch's namespace) every change must be refused.
Prints a summary and exits 1 on a missing answer or an accepted change
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

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
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
        self.family = self.resolve("vswitch")
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
        for m in msgs:
            off = 20
            while off + 4 <= len(m):
                alen, atype = struct.unpack_from("=HH", m, off)
                if atype == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack_from("=H", m, off + 4)[0]
                off += (alen + 3) & ~3
        sys.exit("family %s not found (%s)" % (name, err))

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

    def one(self):
        if self.rnd.random() < 0.5:
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
    errors = {}
    accepted = noanswer = 0
    for _ in range(args.count):
        cmd, flags, payload, raw = f.one()
        try:
            err, _ = f.request(f.family, flags, payload, raw)
        except socket.timeout:
            noanswer += 1
            continue
        except OSError as e:     # a mutated message the socket layer refused
            err = e.errno
        errors[err] = errors.get(err, 0) + 1
        if args.unprivileged and err == 0 and cmd in CHANGE_CMDS and \
                not flags & NLM_F_DUMP and raw is None:
            accepted += 1
    summary = ", ".join("%s %d" % (errno.errorcode.get(e, e) if e else "ok", n)
                        for e, n in sorted(errors.items(), key=lambda x: -x[1]))
    print("# %d requests: %s; no answer %d%s" %
          (args.count, summary, noanswer,
           "; changes accepted without privilege %d" % accepted
           if args.unprivileged else ""))
    return 1 if noanswer or accepted else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Multicast for the IGMP/MLD snooping tests (selftests/mcast.sh).

  mcast.py join IFACE GROUP [--source SRC] [--seconds N]
      join GROUP (IPv4 or IPv6) on IFACE with the host's own stack (its
      IGMP/MLD reports are the kernel's, not ours), with --source in
      include mode (IGMPv3 source filtering); print "joined", hold the
      socket N seconds (default: until killed; the kernel sends the
      leave when the socket closes)
  mcast.py send IFACE GROUP [--count N]
      send N UDP datagrams to GROUP port 5000 out of IFACE
  mcast.py query IFACE SRCMAC SRCIP [--v6] [--v2] [--group G]
      a general query, as a querier on the physical network sends it:
      IGMPv3 (--v2: IGMPv2) to 224.0.0.1, or with --v6 MLDv2 to ff02::1
      (SRCIP link-local), max response time 1 s, router alert; --group:
      an IGMPv3 group-specific query for G, to G
  mcast.py report IFACE SRCMAC SRCIP GROUP... [--v2|--leave|--bad-csum]
                  [--bcast]
      a hand-made report of a host that will not answer queries: one
      IGMPv3 report with a record (MODE_IS_EXCLUDE) per GROUP, or IGMPv2
      reports (--v2), or IGMPv2 leaves (--leave); --bad-csum spoils its
      checksum; --bcast sends it to the broadcast MAC
"""
import argparse
import ipaddress
import socket
import struct
import sys
import time

IP_ADD_SOURCE_MEMBERSHIP = 39


def csum(b):
    if len(b) % 2:
        b += b"\0"
    total = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ifindex(name):
    return socket.if_nametoindex(name)


def join(a):
    grp = ipaddress.ip_address(a.group)
    if grp.version == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if a.source:
            # struct ip_mreq_source: multiaddr, interface, sourceaddr
            addr = struct.unpack("!4s", socket.inet_aton(_if_addr(a.iface)))[0]
            mreq = grp.packed + addr + ipaddress.ip_address(a.source).packed
            s.setsockopt(socket.IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, mreq)
        else:
            mreqn = grp.packed + b"\0" * 4 + struct.pack("@i", ifindex(a.iface))
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        mreq = grp.packed + struct.pack("@I", ifindex(a.iface))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    print("joined", flush=True)
    if a.seconds:
        time.sleep(a.seconds)
    else:
        while True:
            time.sleep(3600)


def _if_addr(iface):
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("256s", iface.encode()[:15])
    return socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8915, req)[20:24])


def send(a):
    grp = ipaddress.ip_address(a.group)
    if grp.version == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                     b"\0" * 8 + struct.pack("@i", ifindex(a.iface)))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
        dst = (a.group, 5000)
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF,
                     ifindex(a.iface))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
        dst = (a.group, 5000, 0, ifindex(a.iface))
    for _ in range(a.count):
        s.sendto(b"vswitch-mcast", dst)
        time.sleep(0.01)


def ip4(src, dst, proto, payload, ra=True):
    opt = b"\x94\x04\x00\x00" if ra else b""
    ihl = 5 + len(opt) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0xc0, 4 * ihl + len(payload),
                      0, 0, 1, proto, 0, src.packed, dst.packed) + opt
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def eth(dst, src, etype, payload):
    frame = dst + src + struct.pack("!H", etype) + payload
    return frame.ljust(60, b"\0")


def mcast_mac4(grp):
    return bytes([1, 0, 0x5e, grp.packed[1] & 0x7f, grp.packed[2], grp.packed[3]])


def raw_send(iface, frames):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for f in frames:
        s.send(f)


def query(a):
    src = ipaddress.ip_address(a.srcip)
    if a.v6:
        dst = ipaddress.ip_address("ff02::1")
        # MLDv2 query: max response 1000 ms, no group, QRV 2, QQIC 125
        icmp = struct.pack("!BBHHH16sBBH", 130, 0, 0, 1000, 0, b"\0" * 16,
                           2, 125, 0)
        pseudo = src.packed + dst.packed + struct.pack("!I3xB", len(icmp), 58)
        icmp = icmp[:2] + struct.pack("!H", csum(pseudo + icmp)) + icmp[4:]
        hbh = bytes([58, 0, 5, 2, 0, 0, 1, 0])	# router alert, PadN
        ip6 = struct.pack("!IHBB16s16s", 0x60000000, len(hbh) + len(icmp), 0, 1,
                          src.packed, dst.packed)
        frame = eth(bytes.fromhex("333300000001"), mac(a.srcmac), 0x86DD,
                    ip6 + hbh + icmp)
    else:
        dst = ipaddress.ip_address(a.group or "224.0.0.1")
        if a.group:
            igmp = struct.pack("!BBH4sBBH", 0x11, 10, 0, dst.packed, 2, 125, 0)
        elif a.v2:
            igmp = struct.pack("!BBH4s", 0x11, 10, 0, b"\0" * 4)
        else:
            igmp = struct.pack("!BBH4sBBH", 0x11, 10, 0, b"\0" * 4, 2, 125, 0)
        igmp = igmp[:2] + struct.pack("!H", csum(igmp)) + igmp[4:]
        frame = eth(mcast_mac4(dst), mac(a.srcmac), 0x0800, ip4(src, dst, 2, igmp))
    raw_send(a.iface, [frame])


def report(a):
    src = ipaddress.ip_address(a.srcip)
    frames = []
    groups = [ipaddress.ip_address(g) for g in a.groups]
    if a.v2 or a.leave:
        for g in groups:
            igmp = struct.pack("!BBH4s", 0x17 if a.leave else 0x16, 0, 0, g.packed)
            c = csum(igmp) ^ (0xFFFF if a.bad_csum else 0)
            igmp = igmp[:2] + struct.pack("!H", c) + igmp[4:]
            dst = ipaddress.ip_address("224.0.0.2") if a.leave else g
            frames.append(eth(mcast_mac4(dst), mac(a.srcmac), 0x0800,
                              ip4(src, dst, 2, igmp)))
    else:
        # IGMPv3, at most 180 records a frame (1500 bytes)
        for i in range(0, len(groups), 180):
            chunk = groups[i:i + 180]
            recs = b"".join(struct.pack("!BBH4s", 2, 0, 0, g.packed) for g in chunk)
            igmp = struct.pack("!BBHHH", 0x22, 0, 0, 0, len(chunk)) + recs
            c = csum(igmp) ^ (0xFFFF if a.bad_csum else 0)
            igmp = igmp[:2] + struct.pack("!H", c) + igmp[4:]
            dst = ipaddress.ip_address("224.0.0.22")
            frames.append(eth(mcast_mac4(dst), mac(a.srcmac), 0x0800,
                              ip4(src, dst, 2, igmp)))
    if a.bcast:
        frames = [b"\xff" * 6 + f[6:] for f in frames]
    raw_send(a.iface, frames)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("join")
    p.add_argument("iface")
    p.add_argument("group")
    p.add_argument("--source")
    p.add_argument("--seconds", type=float)
    p = sub.add_parser("send")
    p.add_argument("iface")
    p.add_argument("group")
    p.add_argument("--count", type=int, default=5)
    p = sub.add_parser("query")
    p.add_argument("iface")
    p.add_argument("srcmac")
    p.add_argument("srcip")
    p.add_argument("--v6", action="store_true")
    p.add_argument("--v2", action="store_true")
    p.add_argument("--group")
    p = sub.add_parser("report")
    p.add_argument("iface")
    p.add_argument("srcmac")
    p.add_argument("srcip")
    p.add_argument("groups", nargs="+")
    p.add_argument("--v2", action="store_true")
    p.add_argument("--leave", action="store_true")
    p.add_argument("--bad-csum", action="store_true")
    p.add_argument("--bcast", action="store_true")
    a = ap.parse_args()
    {"join": join, "send": send, "query": query, "report": report}[a.cmd](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made Ethernet frames on an interface (the selftests' packet
generator for frames a network stack would not send by itself: wrong tags,
forged or looping source MACs, unknown destinations).

  frame.py IFACE --src MAC --dst MAC [--vlan VID] [--pcp P] [--count N]
           [--inner-vlan VID] [--tpid 0xNNNN] [--truncate BYTES]
           [--size BYTES] [--ethertype 0xNNNN] [--vary-src N]
           [--ipv4 SRC DST [--vary-dst-ip N]] [--duration SECONDS]

--inner-vlan VID: a second 802.1Q tag after the first (--vlan 0 makes the
first a priority tag: the VLAN-hopping frame of a guest);
--tpid: the outer tag's TPID (0x88a8: an 802.1ad S-tag);
--truncate BYTES: cut the frame to that length, no padding (a runt, a
header cut short);
--vary-src N: frame i comes from MAC SRC + (i mod N) (a VM with many MACs);
--ipv4: an IPv4/UDP packet from SRC to DST, frame i to DST + (i mod N).
--duration: send as fast as possible for that long instead of --count
frames, then print "sent N elapsed SECONDS".
"""
import argparse
import errno
import ipaddress
import socket
import struct
import sys
import time


def mac(s):
    b = bytes(int(x, 16) for x in s.split(":"))
    if len(b) != 6:
        raise argparse.ArgumentTypeError("bad MAC " + s)
    return b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    ap.add_argument("--src", type=mac, required=True)
    ap.add_argument("--dst", type=mac, required=True)
    ap.add_argument("--vlan", type=int)
    ap.add_argument("--pcp", type=int, default=0)
    ap.add_argument("--inner-vlan", type=int)
    ap.add_argument("--tpid", type=lambda x: int(x, 0), default=0x8100)
    ap.add_argument("--truncate", type=int)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--ethertype", type=lambda x: int(x, 0), default=0x88B5)
    ap.add_argument("--vary-src", type=int, default=1)
    ap.add_argument("--ipv4", nargs=2, type=ipaddress.IPv4Address)
    ap.add_argument("--vary-dst-ip", type=int, default=1)
    ap.add_argument("--duration", type=float)
    a = ap.parse_args()
    if a.duration:
        return flood(a)

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    base = int.from_bytes(a.src, "big")
    for i in range(a.count):
        src = ((base + i % a.vary_src) % (1 << 48)).to_bytes(6, "big")
        hdr = a.dst + src
        if a.vlan is not None:
            hdr += struct.pack("!HH", a.tpid, (a.pcp << 13) | a.vlan)
        if a.inner_vlan is not None:
            hdr += struct.pack("!HH", 0x8100, a.inner_vlan)
        if a.ipv4:
            dst_ip = a.ipv4[1] + i % a.vary_dst_ip
            hdr += struct.pack("!H", 0x0800)
            payload = ipv4_udp(a.ipv4[0], dst_ip, a.size - len(hdr))
        else:
            hdr += struct.pack("!H", a.ethertype)
            payload = b"vswitch-selftest"
        frame = hdr + payload.ljust(max(a.size - len(hdr), 46), b"\0")
        s.send(frame[:a.truncate] if a.truncate else frame)
    return 0


def flood(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    base = int.from_bytes(a.src, "big")
    frames = []
    for i in range(a.vary_src):
        src = ((base + i) % (1 << 48)).to_bytes(6, "big")
        hdr = a.dst + src + struct.pack("!H", a.ethertype)
        frames.append(hdr + b"vswitch-selftest".ljust(max(a.size - len(hdr), 46), b"\0"))
    sent = 0
    start = time.monotonic()
    end = start + a.duration
    while True:
        for i in range(64):
            try:
                s.send(frames[(sent + i) % len(frames)])
                sent += 1
            except OSError as e:
                # a full queue: the sender outruns the device
                if e.errno not in (errno.EAGAIN, errno.ENOBUFS):
                    raise
        if time.monotonic() >= end:
            break
    print("sent %d elapsed %.3f" % (sent, time.monotonic() - start))
    return 0


def csum(b):
    total = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_udp(src, dst, size):
    data = b"vswitch-selftest".ljust(max(size - 28, 18), b"\0")
    udp = struct.pack("!HHHH", 4000, 4000, 8 + len(data), 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, src.packed, dst.packed)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + udp


if __name__ == "__main__":
    sys.exit(main())

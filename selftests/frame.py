#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made Ethernet frames on an interface (the selftests' packet
generator for frames a network stack would not send by itself: wrong tags,
forged or looping source MACs, unknown destinations).

  frame.py IFACE --src MAC --dst MAC [--vlan VID] [--pcp P] [--count N]
           [--size BYTES] [--ethertype 0xNNNN]
"""
import argparse
import socket
import struct
import sys


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
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--ethertype", type=lambda x: int(x, 0), default=0x88B5)
    a = ap.parse_args()

    hdr = a.dst + a.src
    if a.vlan is not None:
        hdr += struct.pack("!HH", 0x8100, (a.pcp << 13) | a.vlan)
    hdr += struct.pack("!H", a.ethertype)
    payload = b"vswitch-selftest".ljust(max(a.size - len(hdr), 46), b"\0")
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    for _ in range(a.count):
        s.send(hdr + payload)
    return 0


if __name__ == "__main__":
    sys.exit(main())

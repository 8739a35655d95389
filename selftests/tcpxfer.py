#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A TCP bulk transfer whose bytes are checked end to end.

  tcpxfer.py server PORT          print the SHA-256 of what one client sent
  tcpxfer.py client IP PORT BYTES send BYTES of patterned data, print SHA-256
"""
import hashlib
import socket
import sys


def main():
    if sys.argv[1] == "server":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(sys.argv[2])))
        s.listen(1)
        s.settimeout(60)
        c, _ = s.accept()
        c.settimeout(60)
        h = hashlib.sha256()
        while True:
            b = c.recv(1 << 16)
            if not b:
                break
            h.update(b)
        print(h.hexdigest())
        return 0
    ip, port, total = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    block = bytes((i * 7 + 3) & 0xFF for i in range(1 << 16))
    h = hashlib.sha256()
    s = socket.create_connection((ip, port), timeout=60)
    sent = 0
    while sent < total:
        b = block[: min(len(block), total - sent)]
        s.sendall(b)
        h.update(b)
        sent += len(b)
    s.close()
    print(h.hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run a command as an unprivileged user who owns a user namespace and a
network namespace of its own: the tenant of a host (issue 17).  Root in
the new user namespace is UID/GID 65534 (nobody) outside it, so the
command has CAP_NET_ADMIN over its own network namespace and nothing else.

  userns.py COMMAND [ARGS...]

Needs to start as root (to become nobody) on a system that lets users
create user namespaces (not from inside a chroot: the VM boots with
switch_root for that).
"""
import ctypes
import os
import sys

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_SET_DUMPABLE = 4
NOBODY = 65534


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    # setuid() made the process non-dumpable: its /proc files are root's,
    # and it could not write its own uid_map
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET):
        e = ctypes.get_errno()
        sys.exit("userns.py: unshare: %s" % os.strerror(e))
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write("0 %d 1" % NOBODY)
    with open("/proc/self/gid_map", "w") as f:
        f.write("0 %d 1" % NOBODY)
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()

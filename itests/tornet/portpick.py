#!/usr/bin/env python3
"""Print N distinct free TCP ports on 127.0.0.1, one per line.

Ports are drawn at random from [--min, --max] (default 15000-30999, below the
Linux ephemeral range so they do not collide with outgoing connections or with
servers that bind port 0) and each is checked by binding it.  A caller that
fails to bind later (a race with another program) should pick again.
"""
import argparse
import random
import socket
import sys


def free_ports(n, lo, hi, exclude=()):
    chosen, socks = [], []
    tried = set(exclude)
    try:
        while len(chosen) < n:
            if len(tried) >= hi - lo + 1:
                raise SystemExit("portpick: no free ports left in range")
            p = random.randint(lo, hi)
            if p in tried:
                continue
            tried.add(p)
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                s.close()
                continue
            socks.append(s)  # keep bound until all are chosen: no duplicates
            chosen.append(p)
    finally:
        for s in socks:
            s.close()
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--min", type=int, default=15000)
    ap.add_argument("--max", type=int, default=30999)
    a = ap.parse_args()
    for p in free_ports(a.n, a.min, a.max):
        print(p)


if __name__ == "__main__":
    sys.exit(main())

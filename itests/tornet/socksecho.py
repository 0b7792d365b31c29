#!/usr/bin/env python3
"""SOCKS5 client (hand-made, stdlib only) that does an echo round trip.

  socksecho.py --socks 127.0.0.1:9050 --target HOST:PORT [--user U --pass P]
               [--attempt-timeout 5] [--deadline 60] [--quiet]

HOST is sent as a domain name (ATYP 3) unless it is an IPv4 literal, so
"<addr>.onion" works.  Retries until the deadline with a short per-attempt
timeout.  Exit codes: 0 echo ok, 2 SOCKS authentication refused, 1 otherwise.
"""
import argparse
import os
import socket
import struct
import sys
import time


class AuthRefused(Exception):
    pass


def _recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("SOCKS server closed the connection")
        buf += chunk
    return buf


def socks5_connect(socks_host, socks_port, host, port, user=None, password=None, timeout=5.0):
    s = socket.create_connection((socks_host, socks_port), timeout=timeout)
    try:
        methods = b"\x02" if user is not None else b"\x00"
        s.sendall(b"\x05\x01" + methods)
        ver, meth = _recv_exact(s, 2)
        if ver != 5:
            raise ConnectionError("not a SOCKS5 server")
        if meth == 0xFF:
            raise AuthRefused("no acceptable SOCKS method")
        if meth == 2:
            u, p = (user or "").encode(), (password or "").encode()
            s.sendall(b"\x01" + bytes([len(u)]) + u + bytes([len(p)]) + p)
            _, status = _recv_exact(s, 2)
            if status != 0:
                raise AuthRefused("username/password refused")
        elif meth != 0:
            raise ConnectionError("unexpected SOCKS method %d" % meth)
        try:
            addr = b"\x01" + socket.inet_aton(host) if host.count(".") == 3 and host.replace(".", "").isdigit() else None
        except OSError:
            addr = None
        if addr is None:
            h = host.encode()
            addr = b"\x03" + bytes([len(h)]) + h
        s.sendall(b"\x05\x01\x00" + addr + struct.pack(">H", port))
        ver, rep, _, atyp = _recv_exact(s, 4)
        if rep != 0:
            raise ConnectionError("SOCKS CONNECT failed, reply code %d" % rep)
        if atyp == 1:
            _recv_exact(s, 4 + 2)
        elif atyp == 3:
            _recv_exact(s, _recv_exact(s, 1)[0] + 2)
        elif atyp == 4:
            _recv_exact(s, 16 + 2)
        return s
    except BaseException:
        s.close()
        raise


def echo_once(socks, target, user, password, timeout):
    sh, sp = socks.rsplit(":", 1)
    th, tp = target.rsplit(":", 1)
    t0 = time.monotonic()
    s = socks5_connect(sh, int(sp), th, int(tp), user, password, timeout)
    with s:
        t1 = time.monotonic()
        payload = os.urandom(16).hex().encode()
        s.sendall(payload)
        got = b""
        while len(got) < len(payload):
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        t2 = time.monotonic()
    if got != payload:
        raise ConnectionError("echo mismatch: %r" % got[:40])
    return t1 - t0, t2 - t1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socks", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--user")
    ap.add_argument("--pass", dest="password")
    ap.add_argument("--attempt-timeout", type=float, default=5.0)
    ap.add_argument("--deadline", type=float, default=0.0, help="seconds to keep retrying (0 = one attempt)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    start = time.monotonic()
    attempt, last = 0, None
    while True:
        attempt += 1
        try:
            conn, rtt = echo_once(a.socks, a.target, a.user, a.password, a.attempt_timeout)
            if not a.quiet:
                print("echo ok via %s to %s: attempt %d, %.1f s total, connect %.3f s, rtt %.1f ms"
                      % (a.socks, a.target, attempt, time.monotonic() - start, conn, rtt * 1000))
            return 0
        except AuthRefused as e:
            if not a.quiet:
                print("SOCKS auth refused by %s: %s" % (a.socks, e))
            return 2
        except (OSError, ConnectionError) as e:
            last = e
        if time.monotonic() - start + 0.5 >= a.deadline:
            break
        time.sleep(0.5)
    if not a.quiet:
        print("echo FAILED via %s to %s after %d attempts, %.1f s: %s"
              % (a.socks, a.target, attempt, time.monotonic() - start, last), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Minimal Tor control-port client (stdlib only).

  torctl.py --control 127.0.0.1:PORT (--cookie FILE | --password PW) CMD [CMD ...]
      Authenticates, sends each command (e.g. "GETINFO status/bootstrap-phase",
      "SIGNAL NEWNYM"), prints the replies; exit 0 only if every reply is 250.

  torctl.py --control ... onion-test --socks 127.0.0.1:S --echo 127.0.0.1:E [--deadline 90]
      ADD_ONION NEW:ED25519-V3 (virtual port 7 -> the echo server) on this tor,
      waits for HS_DESC UPLOADED, then does an echo round trip to <addr>.onion:7
      through the SOCKS port of another client; prints timings; DEL_ONION.
"""
import argparse
import binascii
import os
import socket
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import socksecho  # noqa: E402


class Control:
    def __init__(self, addr, timeout=10.0):
        h, p = addr.rsplit(":", 1)
        self.timeout = timeout
        self.sock = socket.create_connection((h, int(p)), timeout=timeout)
        self.buf = b""
        self.events = []

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _line(self, deadline):
        while b"\r\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("control port: timed out")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("control connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def read_message(self, timeout=None):
        """Next reply or async event as (code, [lines])."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        lines = []
        while True:
            line = self._line(deadline)
            code, sep, rest = line[:3], line[3:4], line[4:]
            if sep == "+":
                data = [rest]
                while True:
                    d = self._line(deadline)
                    if d == ".":
                        break
                    data.append(d[1:] if d.startswith("..") else d)
                lines.append("\n".join(data))
            else:
                lines.append(rest)
            if sep == " ":
                return code, lines

    def cmd(self, text):
        self.sock.sendall(text.encode() + b"\r\n")
        while True:
            code, lines = self.read_message()
            if code == "650":
                self.events.append(lines)
                continue
            return code, lines

    def authenticate(self, cookie=None, password=None):
        if cookie:
            with open(cookie, "rb") as f:
                arg = binascii.hexlify(f.read()).decode()
        elif password is not None:
            arg = '"%s"' % password.replace("\\", "\\\\").replace('"', '\\"')
        else:
            arg = ""
        code, lines = self.cmd("AUTHENTICATE " + arg)
        if code != "250":
            raise PermissionError("AUTHENTICATE failed: %s %s" % (code, " ".join(lines)))

    def wait_event(self, pred, timeout):
        """Waits for an async event whose first line matches pred; returns it or None."""
        end = time.monotonic() + timeout
        while True:
            for ev in self.events:
                if pred(ev[0]):
                    self.events.remove(ev)
                    return ev[0]
            self.events.clear()
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                code, lines = self.read_message(left)
            except socket.timeout:
                return None
            self.events.append(lines)


def onion_test(c, socks, echo, deadline):
    t0 = time.monotonic()
    code, _ = c.cmd("SETEVENTS HS_DESC")
    if code != "250":
        print("SETEVENTS failed", file=sys.stderr)
        return 1
    code, lines = c.cmd("ADD_ONION NEW:ED25519-V3 Port=7,%s" % echo)
    if code != "250":
        print("ADD_ONION failed: %s %s" % (code, lines), file=sys.stderr)
        return 1
    sid = next(l.split("=", 1)[1] for l in lines if l.startswith("ServiceID="))
    t_add = time.monotonic()
    print("onion: ADD_ONION -> %s.onion (%.2f s)" % (sid, t_add - t0))
    ev = c.wait_event(lambda e: e.startswith("HS_DESC UPLOADED %s" % sid), min(deadline, 60))
    t_up = time.monotonic()
    if ev:
        print("onion: descriptor uploaded %.2f s after ADD_ONION (%s)" % (t_up - t_add, ev))
    else:
        print("onion: no HS_DESC UPLOADED event within %.0f s, trying anyway" % (t_up - t_add))
    ok, attempt, last = False, 0, None
    while time.monotonic() - t_add < deadline:
        attempt += 1
        try:
            conn, rtt = socksecho.echo_once(socks, "%s.onion:7" % sid, None, None, 15.0)
            ok = True
            break
        except (OSError, ConnectionError) as e:
            last = e
            time.sleep(0.5)
    t_ok = time.monotonic()
    if ok:
        print("onion: first echo round trip via %s %.2f s after ADD_ONION (attempt %d, connect %.2f s, rtt %.1f ms)"
              % (socks, t_ok - t_add, attempt, conn, rtt * 1000))
        rtts = []
        for _ in range(5):
            rtts.append(socksecho.echo_once(socks, "%s.onion:7" % sid, None, None, 15.0)[1] * 1000)
        print("onion: 5 more round trips, rtt ms: %s" % " ".join("%.1f" % r for r in rtts))
    else:
        print("onion: FAILED to reach %s.onion after %.1f s: %s" % (sid, t_ok - t_add, last), file=sys.stderr)
    code, _ = c.cmd("DEL_ONION %s" % sid)
    print("onion: DEL_ONION -> %s" % code)
    return 0 if ok and code == "250" else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--control", required=True)
    ap.add_argument("--cookie")
    ap.add_argument("--password")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("commands", nargs="*")
    argv = sys.argv[1:]
    onion_argv = None
    if "onion-test" in argv:
        i = argv.index("onion-test")
        argv, onion_argv = argv[:i], argv[i + 1:]
    a = ap.parse_args(argv)
    if not a.commands and onion_argv is None:
        ap.error("no command")
    try:
        c = Control(a.control, a.timeout)
        c.authenticate(a.cookie, a.password)
    except (OSError, ConnectionError, PermissionError) as e:
        print("torctl: %s: %s" % (a.control, e), file=sys.stderr)
        return 1
    try:
        if onion_argv is not None:
            op = argparse.ArgumentParser(prog="torctl.py onion-test")
            op.add_argument("--socks", required=True)
            op.add_argument("--echo", required=True)
            op.add_argument("--deadline", type=float, default=90.0)
            o = op.parse_args(onion_argv)
            return onion_test(c, o.socks, o.echo, o.deadline)
        rc = 0
        for text in a.commands:
            code, lines = c.cmd(text)
            for l in lines:
                print("%s %s" % (code, l))
            if code != "250":
                rc = 1
        return rc
    except (OSError, ConnectionError) as e:
        print("torctl: %s: %s" % (a.control, e), file=sys.stderr)
        return 1
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(main())

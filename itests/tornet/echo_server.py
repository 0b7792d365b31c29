#!/usr/bin/env python3
"""Tiny TCP echo server on 127.0.0.1 (threaded).  Binds --port (0 = any free),
then writes its port to --portfile and its pid to --pidfile.  Logs one line per
connection to stderr."""
import argparse
import os
import socket
import sys
import threading
import time


def serve(conn, peer):
    with conn:
        n = 0
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
                n += len(data)
        except OSError:
            pass
    print("%.3f echo %s:%d %d bytes" % (time.time(), peer[0], peer[1], n), file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--portfile")
    ap.add_argument("--pidfile")
    a = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", a.port))
    srv.listen(64)
    port = srv.getsockname()[1]
    for path, val in ((a.pidfile, os.getpid()), (a.portfile, port)):
        if path:
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                f.write("%d\n" % val)
            os.rename(tmp, path)
    print("echo server on 127.0.0.1:%d pid %d" % (port, os.getpid()), file=sys.stderr, flush=True)
    while True:
        conn, peer = srv.accept()
        threading.Thread(target=serve, args=(conn, peer), daemon=True).start()


if __name__ == "__main__":
    main()

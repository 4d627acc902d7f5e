# Copyright The Quote Tracker Authors.
#
# Helpers of the `quotes serve` tests: a store made from the samples, a
# server started on a free loopback port and stopped by a signal, HTTP
# requests that return status, headers and body, and a tally of checks
# that ends with the "N passed, N failed" line.

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time


class Checks:
    """Counts checks; a failed one is printed and the run goes on."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s%s" % (what, (": " + detail) if detail else ""),
                  file=sys.stderr, flush=True)
        return ok

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def temp_dir(name):
    base = os.environ.get("TEST_TMPDIR") or tempfile.gettempdir()
    return tempfile.mkdtemp(prefix=name + ".", dir=base)


def make_store(quotes, samples, db):
    """Ingests "samples" into a new store "db"."""
    subprocess.run([quotes, "ingest", "--db", db, samples], check=True,
                   stdout=subprocess.DEVNULL)


class Server:
    """`quotes serve` on a free port; "url" is where it listens."""

    def __init__(self, quotes, db, *flags):
        self.proc = subprocess.Popen(
            [quotes, "serve", "--db", db, "--port", "0"] + list(flags),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if " at http://" not in line:
            self.proc.kill()
            raise RuntimeError("serve did not start: %r %s" %
                               (line, self.proc.stderr.read()))
        self.url = line.rsplit(" at ", 1)[1].strip()
        hostport = self.url[len("http://"):].rstrip("/")
        self.host, port = hostport.rsplit(":", 1)
        self.port = int(port)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends "sig" and returns (exit status, stderr)."""
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, "did not stop within %d s" % timeout
        return self.proc.returncode, self.proc.stderr.read()

    def connection(self, timeout=30):
        return http.client.HTTPConnection(self.host, self.port,
                                          timeout=timeout)

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers, body bytes) on a fresh connection."""
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            data = res.read()
            return res.status, res.headers, data
        finally:
            conn.close()

    def get_json(self, path):
        status, headers, data = self.request("GET", path)
        try:
            return status, json.loads(data)
        except ValueError:
            return status, {"unparsed": data[:300].decode("utf-8", "replace")}


def wait_for(predicate, timeout=10.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()

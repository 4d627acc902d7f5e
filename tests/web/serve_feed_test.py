#!/usr/bin/python3
# Copyright The Quote Tracker Authors.
#
# The protobuf feed of `quotes serve` read as a service outside the project
# would: Debian's Python protobuf (python3-protobuf) and a quote_pb2 module
# that protoc generates from proto/quote.proto here and now.  GET /feed is
# the stream `quotes export --format pb` writes, byte for byte, for the
# same filters; with follow=1 the quotes of a document posted to
# /api/ingest arrive on the open connection, filtered, and the stream ends
# cleanly when the server stops.  Skips, passing, when /usr/bin/python3
# has no google.protobuf.
#
# Arguments: the quotes binary, samples/news.jsonl, proto/quote.proto,
# protoc.

import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_util  # noqa: E402

try:
    from google.protobuf import json_format
    from google.protobuf import message
except ImportError:
    print("SKIPPED: /usr/bin/python3 has no google.protobuf (install "
          "python3-protobuf, as scripts/setup.sh does); the feed was not read")
    sys.exit(0)


def read_varint(data, pos):
    """(value, next position) of the varint at data[pos], or None when the
    data ends inside it."""
    value = shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("length prefix longer than ten bytes")
    return None


def split_frames(data, quote_class):
    """(quotes parsed from the whole frames of "data", bytes left over)."""
    quotes, pos = [], 0
    while pos < len(data):
        head = read_varint(data, pos)
        if head is None or head[1] + head[0] > len(data):
            break
        size, start = head
        quote = quote_class()
        quote.ParseFromString(data[start:start + size])
        quotes.append(quote)
        pos = start + size
    return quotes, data[pos:]


def as_float32(value):
    """"value" with every float rounded to the 32-bit float it stands for:
    C++ prints a float field with nine digits, Python with the fewest that
    read back the same."""
    if isinstance(value, float):
        return struct.unpack("f", struct.pack("f", value))[0]
    if isinstance(value, dict):
        return {k: as_float32(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_float32(v) for v in value]
    return value


class Follower:
    """A /feed?follow=1 connection read as its frames arrive.  A raw socket:
    http.client cannot go on reading after a read timed out."""

    def __init__(self, server, query, quote_class):
        self.sock = socket.create_connection((server.host, server.port), timeout=10)
        self.sock.sendall(("GET /feed?follow=1&%s HTTP/1.1\r\nHost: %s:%d\r\n"
                           "Connection: close\r\n\r\n" %
                           (query, server.host, server.port)).encode())
        self.quote_class = quote_class
        self.raw = b""        # received, not yet de-chunked
        self.headers = None   # the response head, once read
        self.body = b""       # de-chunked, not yet split into frames
        self.quotes = []
        self.ended = False    # the last chunk came, or the connection closed

    def _dechunk(self):
        if self.headers is None:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            self.headers, self.raw = self.raw[:end], self.raw[end + 4:]
        while True:
            line_end = self.raw.find(b"\r\n")
            if line_end < 0:
                return
            size = int(self.raw[:line_end].split(b";")[0], 16)
            if len(self.raw) < line_end + 2 + size + 2:
                return
            self.body += self.raw[line_end + 2:line_end + 2 + size]
            self.raw = self.raw[line_end + 2 + size + 2:]
            if size == 0:
                self.ended = True
                return

    def poll(self, seconds, until=None):
        """Reads what arrives within "seconds", or until "until" holds for
        the quotes so far; returns them."""
        end = time.monotonic() + seconds
        while not self.ended and not (until and until(self.quotes)):
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                break
            chunk = self.sock.recv(65536)
            if not chunk:
                self.ended = True
                break
            self.raw += chunk
            self._dechunk()
            quotes, self.body = split_frames(self.body, self.quote_class)
            self.quotes += quotes
        return list(self.quotes)

    def status_line(self):
        return (self.headers or b"").split(b"\r\n")[0].decode("latin-1")

    def close(self):
        self.sock.close()


def open_follower(server, quote_class):
    """A follower of new quotes, once its answer's head has come."""
    f = Follower(server, "backlog=0", quote_class)
    f.poll(5, until=lambda q: f.headers is not None)
    return f


def main():
    quotes, samples, proto, protoc = sys.argv[1:5]
    c = serve_util.Checks()
    tmp = serve_util.temp_dir("serve-feed")
    subprocess.run([protoc, "--proto_path=" + os.path.dirname(proto),
                    "--python_out=" + tmp, os.path.basename(proto)], check=True)
    sys.path.insert(0, tmp)
    import quote_pb2

    db = os.path.join(tmp, "db")
    serve_util.make_store(quotes, samples, db)
    # What the command line exports, before the server holds the store.
    filters = [([], ""),
               (["--speaker", "mayor brenner", "--oldest-first"],
                "speaker=mayor%20brenner&oldest_first=1"),
               (["--words", "clinic", "--limit", "3"], "words=clinic&limit=3")]
    exported = []
    for flags, _ in filters:
        exported.append(subprocess.run([quotes, "export", "--db", db] + flags,
                                       check=True, capture_output=True).stdout)
    jsonl = subprocess.run([quotes, "export", "--db", db, "--format", "jsonl"],
                           check=True, capture_output=True, text=True).stdout
    expected = [json.loads(line) for line in jsonl.splitlines()]

    server = serve_util.Server(quotes, db)
    try:
        for (flags, query), want in zip(filters, exported):
            status, headers, body = server.request("GET", "/feed?" + query)
            c.check(status == 200 and
                    headers.get("Content-Type") == "application/x-protobuf" and
                    body == want and len(body) > 0,
                    "/feed?%s is `quotes export %s`, byte for byte" % (query, " ".join(flags)),
                    "%s %s, %d vs %d bytes" % (status, headers.get("Content-Type"),
                                               len(body), len(want)))

        status, _, body = server.request("GET", "/feed")
        try:
            feed, rest = split_frames(body, quote_pb2.Quote)
        except (ValueError, message.DecodeError) as e:
            feed, rest = [], b"unparsed: %r" % e
        c.check(not rest and len(feed) == len(expected) and len(feed) > 40,
                "the feed parses into Quote messages", "%d quotes, %r" % (len(feed), rest[:80]))
        differ = [q.id for q, e in zip(feed, expected)
                  if as_float32(json_format.MessageToDict(
                      q, preserving_proto_field_name=True)) != as_float32(e)]
        c.check(not differ, "each Quote is the one the JSON export prints, field for field",
                repr(differ[:5]))
        c.check(all(q.id and q.sources and q.sources[0].doc_id for q in feed),
                "every quote has an id and a source")

        status, headers, body = server.request("GET", "/feed?limit=-1")
        c.check(status == 400 and json.loads(body).get("error"),
                "a bad feed parameter is a JSON 400", body[:200].decode())

        # Follow: a follower of Brenner alone, without the stored quotes, and
        # one of everything with them.
        brenner = Follower(server, "backlog=0&speaker=Tomas%20Brenner", quote_pb2.Quote)
        everyone = Follower(server, "", quote_pb2.Quote)
        stored = everyone.poll(10, until=lambda q: len(q) >= len(expected))
        c.check(everyone.status_line() == "HTTP/1.1 200 OK", "a follower is answered 200",
                everyone.status_line())
        c.check(len(stored) == len(expected),
                "follow=1 sends the stored quotes first", "%d of %d" % (len(stored), len(expected)))
        c.check(brenner.poll(0.5) == [], "backlog=0 sends no stored quote")

        docs = [{"doc_id": "follow-1", "outlet": "Follow Times", "published": "2024-07-01",
                 "text": "\"The new ferry runs from Monday,\" Mayor Tomas Brenner said. "
                         "Health Minister Ana Ortiz said the clinic would stay open."}]
        body = "".join(json.dumps(d) + "\n" for d in docs).encode()
        status, _, answer = server.request("POST", "/api/ingest", body=body,
                                           headers={"Content-Type": "application/x-ndjson"})
        c.check(status == 200, "the post is stored", answer[:200].decode())

        got = brenner.poll(10, until=lambda q: any("ferry" in x.text for x in q))
        got = brenner.poll(0.3)  # anything more would be another speaker's
        c.check(len(got) >= 1 and all(q.speaker.speaker_id == "tomas-brenner" for q in got) and
                any("ferry" in q.text for q in got) and
                all(q.sources[-1].doc_id == "follow-1" or
                    any(s.doc_id == "follow-1" for s in q.sources) for q in got),
                "the follower of Brenner receives his new quote, and only his",
                repr([(q.speaker.name, q.text) for q in got]))
        news = everyone.poll(
            10, until=lambda q: {x.speaker.speaker_id for x in q[len(stored):]} >=
            {"tomas-brenner", "ana-ortiz"})[len(stored):]
        c.check({q.speaker.speaker_id for q in news} >= {"tomas-brenner", "ana-ortiz"},
                "the follower of everything receives every new quote",
                repr([(q.speaker.name, q.text) for q in news]))

        # A document dated before the follower's "since" is filtered out;
        # the same words again (unchanged) send nothing.
        later = Follower(server, "backlog=0&since=2024-07", quote_pb2.Quote)
        old = {"doc_id": "follow-old", "outlet": "Follow Times", "published": "2023-01-05",
               "text": "\"We kept the lights on,\" Mayor Tomas Brenner said."}
        server.request("POST", "/api/ingest", body=(json.dumps(old) + "\n").encode(),
                       headers={"Content-Type": "application/x-ndjson"})
        seen = brenner.poll(10, until=lambda q: any("lights" in x.text for x in q))
        c.check(later.poll(0.5) == [], "a quote outside the follower's dates is not sent")
        c.check(any("lights" in q.text for q in seen[len(got):]),
                "a follower without dates receives the old document's quote")
        server.request("POST", "/api/ingest", body=body,
                       headers={"Content-Type": "application/x-ndjson"})
        c.check(brenner.poll(0.7) == seen, "an unchanged document sends nothing again")
        later.close()

        # 8 may follow at once; one that leaves frees its place.
        everyone.close()
        crowd = []
        deadline = time.monotonic() + 15
        while len(crowd) < 7 and time.monotonic() < deadline:
            f = open_follower(server, quote_pb2.Quote)
            if f.status_line() == "HTTP/1.1 200 OK":
                crowd.append(f)
            else:  # a place left by a closed follower is not free yet
                f.close()
                time.sleep(0.2)
        c.check(len(crowd) == 7, "8 followers at once", str(len(crowd) + 1))
        status, _, body = server.request("GET", "/feed?follow=1&backlog=0")
        c.check(status == 503 and b"too many followers" in body,
                "a ninth follower is refused with 503", "%s %s" % (status, body[:200]))
        for f in crowd:
            f.close()
        freed = False
        while not freed and time.monotonic() < deadline + 5:
            f = open_follower(server, quote_pb2.Quote)
            freed = f.status_line() == "HTTP/1.1 200 OK"
            f.close()
            time.sleep(0.1)
        c.check(freed, "a follower that left frees its place")
    finally:
        code, err = server.stop(signal.SIGTERM)
    c.check(code == 0, "the server stops with followers connected", "%r %r" % (code, err))
    brenner.poll(10)
    c.check(brenner.ended, "a follower's stream ends when the server stops")
    brenner.close()
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

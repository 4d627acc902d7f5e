#!/usr/bin/python3
# Copyright The Quote Tracker Authors.
#
# The JSON API of `quotes serve` through a real HTTP client (Python's
# http.client, and raw sockets for requests no client library sends):
# answers, pagination, ingest, and every refusal (400, 403, 404, 405, 413,
# 414, 415) as a JSON error; the loopback bind; the exit statuses of a port
# or a store in use, and a clean stop on SIGINT and SIGTERM.
#
# Arguments: the quotes binary, samples/news.jsonl.

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_util  # noqa: E402

MAX_BODY = 65536


def is_json_error(status, headers, body, want):
    """True when the answer has status "want" and a JSON {"error": ...}."""
    if status != want:
        return False
    if not headers.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        error = json.loads(body).get("error")
    except ValueError:
        return False
    return isinstance(error, str) and len(error) > 0


def raw(server, data, read=65536):
    """Sends "data" as is and returns the start of the answer."""
    with socket.create_connection((server.host, server.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                chunk = s.recv(read)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(chunks) > 1:
                    break
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


def listening_addresses(port):
    """The local addresses of the sockets listening on "port" (IPv4 and
    IPv6), from /proc/net."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            addr, hexport = fields[1].split(":")
            if int(hexport, 16) == port and fields[3] == "0A":  # LISTEN
                found.append(addr)
    return found


def check_refusals(c, server):
    q = urllib.parse.quote
    for path, what in [
            ("/api/search?spekaer=brenner", "an unknown parameter"),
            ("/api/search?speaker=a&speaker=b", "a repeated parameter"),
            ("/api/search?since=" + q("03/05/2019"), "an unreadable date"),
            ("/api/search?until=yesterday", "an unreadable date"),
            ("/api/search?kind=shouted", "an unknown kind"),
            ("/api/search?limit=0", "limit 0"),
            ("/api/search?limit=-1", "a negative limit"),
            ("/api/search?limit=201", "a limit over 200"),
            ("/api/search?limit=ten", "a limit in words"),
            ("/api/search?cursor=garbage", "a cursor the store never made"),
            ("/api/search?oldest_first=maybe", "a bad flag"),
            ("/api/search?words=" + q('"'), "an unterminated phrase"),
            ("/api/speakers?limit=100000", "a huge speakers limit"),
            ("/api/speaker/tomas-brenner?limit=0", "a speaker page limit 0"),
            ("/api/quote/abc?x=1", "a parameter where none is taken"),
            ("/api/stats?verbose=1", "a parameter where none is taken"),
            ("/feed?follow=yes", "a bad follow"),
            ("/feed?backlog=0", "backlog=0 without follow"),
            ("/feed?since=someday", "an unreadable date in the feed"),
    ]:
        status, headers, body = server.request("GET", path)
        c.check(is_json_error(status, headers, body, 400),
                "400 with a JSON error for " + what,
                "%s -> %s %s" % (path, status, body[:200]))

    for path in ["/nope", "/api", "/api/searches", "/api/quote/0000000000000000",
                 "/api/speaker/Nobody%20Atall", "/assets/nope.js",
                 "/speaker/", "/api/search/extra", "/feed/x"]:
        status, headers, body = server.request("GET", path)
        c.check(is_json_error(status, headers, body, 404),
                "404 with a JSON error for " + path, "%s %s" % (status, body[:200]))

    for method, path in [("DELETE", "/api/search"), ("PUT", "/"),
                         ("POST", "/api/stats"), ("GET", "/api/ingest"),
                         ("OPTIONS", "/feed"), ("PATCH", "/api/quote/x"),
                         ("DELETE", "/api/ingest")]:
        status, headers, body = server.request(method, path)
        c.check(is_json_error(status, headers, body, 405) and headers.get("Allow"),
                "405 with Allow and a JSON error for %s %s" % (method, path),
                "%s %s %s" % (status, headers.get("Allow"), body[:200]))
    answer = raw(server, b"BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    c.check(answer.startswith(b"HTTP/1.1 405"), "405 for an unknown method",
            answer[:200].decode("latin-1"))

    # A huge request line: 414 before anything is looked up.
    status, headers, body = server.request("GET", "/api/search?words=" + "a" * 9000)
    c.check(is_json_error(status, headers, body, 414), "414 for a 9 kB URI",
            "%s %s" % (status, body[:200]))

    # A huge body, announced or chunked: 413, and nothing stored.
    before = server.get_json("/api/stats")[1]
    big = b'{"doc_id":"big","text":"' + b"x" * (MAX_BODY + 10) + b'"}\n'
    status, headers, body = server.request(
        "POST", "/api/ingest", body=big,
        headers={"Content-Type": "application/x-ndjson"})
    c.check(is_json_error(status, headers, body, 413), "413 for a body over the limit",
            "%s %s" % (status, body[:200]))
    conn = server.connection()
    try:
        conn.request("POST", "/api/ingest", body=iter([big[:40000], big[40000:]]),
                     headers={"Content-Type": "application/x-ndjson"},
                     encode_chunked=True)
        res = conn.getresponse()
        body = res.read()
        c.check(is_json_error(res.status, res.headers, body, 413),
                "413 for a chunked body over the limit", "%s %s" % (res.status, body[:200]))
    except (ConnectionError, OSError) as e:
        c.check(False, "413 for a chunked body over the limit", repr(e))
    finally:
        conn.close()
    after = server.get_json("/api/stats")[1]
    c.check(before == after, "an over-long body stores nothing", "%s %s" % (before, after))

    # A body where none is taken.
    status, headers, body = server.request("GET", "/api/stats", body=b"x" * 10)
    c.check(is_json_error(status, headers, body, 400), "400 for a GET with a body",
            "%s %s" % (status, body[:200]))

    # Posts a page elsewhere could make a browser send.
    doc = b'{"doc_id":"csrf","text":"\\"No,\\" Ana Ortiz said."}\n'
    status, headers, body = server.request(
        "POST", "/api/ingest", body=doc, headers={"Content-Type": "text/plain"})
    c.check(is_json_error(status, headers, body, 415), "415 for a text/plain post",
            "%s %s" % (status, body[:200]))
    status, headers, body = server.request(
        "POST", "/api/ingest", body=doc,
        headers={"Content-Type": "application/x-ndjson",
                 "Origin": "http://attacker.example"})
    c.check(is_json_error(status, headers, body, 403), "403 for a post from another origin",
            "%s %s" % (status, body[:200]))
    status, headers, body = server.request(
        "GET", "/api/stats", headers={"Host": "rebound.example:%d" % server.port})
    c.check(is_json_error(status, headers, body, 403),
            "403 for a host name that is not this machine", "%s %s" % (status, body[:200]))


def check_answers(c, server):
    status, stats = server.get_json("/api/stats")
    c.check(status == 200 and stats.get("documents") == 6 and stats.get("quotes", 0) > 40,
            "stats of the samples", json.dumps(stats))

    # Pages of 5 follow their cursors to the same quotes as one page.
    status, whole = server.get_json("/api/search?speaker=Mayor%20Brenner&limit=200")
    c.check(status == 200 and whole.get("next_cursor") is None,
            "one page holds every Brenner quote", json.dumps(whole)[:300])
    want = [q["id"] for q in whole.get("quotes", [])]
    got, cursor, pages = [], None, 0
    while pages < 20:
        path = "/api/search?speaker=brenner&limit=5"
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        status, page = server.get_json(path)
        if status != 200:
            c.check(False, "a page of 5", json.dumps(page))
            break
        got += [q["id"] for q in page["quotes"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    c.check(len(want) >= 10 and got == want and pages == (len(want) + 4) // 5,
            "pages of 5 give the quotes of one page, in order", "%s vs %s" % (got, want))
    c.check(list(whole.get("speakers", {})) == ["tomas-brenner"] and
            whole["speakers"]["tomas-brenner"]["name"] == "Tomas Brenner",
            "a page names the stored speakers of its quotes",
            json.dumps(whole.get("speakers"))[:300])
    speakers = {q["speaker"]["speaker_id"] for q in whole.get("quotes", [])}
    c.check(speakers == {"tomas-brenner"}, "a speaker search finds that speaker only",
            repr(speakers))
    dates = [q["sources"][0].get("published", "") for q in whole.get("quotes", [])]
    c.check(dates == sorted(dates, reverse=True), "newest first", repr(dates))

    status, page = server.get_json(
        "/api/search?words=clinic&outlet=northshore%20daily&since=2024&until=2024-12&kind=direct")
    c.check(status == 200 and all(
        any(s.get("outlet") == "Northshore Daily" for s in q["sources"]) and
        q["kind"] == "DIRECT" for q in page.get("quotes", [])) and page.get("quotes"),
        "words, outlet, dates and kind together", json.dumps(page)[:300])

    status, page = server.get_json("/api/speakers?match=bren")
    names = [s["name"] for s in page.get("speakers", [])]
    c.check(status == 200 and names == ["Tomas Brenner"] and
            "Mayor Brenner" in page["speakers"][0]["aliases"],
            "speaker suggestions with aliases", json.dumps(page)[:300])
    status, page = server.get_json("/api/speakers?limit=3")
    counts = [int(s["quote_count"]) for s in page.get("speakers", [])]
    c.check(status == 200 and len(counts) == 3 and counts == sorted(counts, reverse=True)
            and page.get("more") is True, "speakers, most quoted first", json.dumps(page)[:300])

    for key in ["tomas-brenner", "Mayor%20Brenner", "TOMAS%20BRENNER"]:
        status, page = server.get_json("/api/speaker/%s?limit=4" % key)
        ok = status == 200 and page["speaker"]["speaker_id"] == "tomas-brenner"
        c.check(ok, "the speaker page of " + key, json.dumps(page)[:300])
        if not ok:
            continue
        months = page["timeline"]["months"]
        total = sum(m["quotes"] for m in months) + page["timeline"]["undated"]
        c.check(total == int(page["speaker"]["quote_count"]) and
                [m["month"] for m in months] == sorted(m["month"] for m in months),
                "the timeline counts every quote, month by month", json.dumps(page["timeline"]))
        c.check(len(page["quotes"]) == 4 and page["next_cursor"], "a speaker page of 4")
    status, page = server.get_json(
        "/api/speaker/tomas-brenner?limit=4&cursor=" + urllib.parse.quote(page["next_cursor"]))
    c.check(status == 200 and len(page["quotes"]) == 4 and "timeline" not in page,
            "the next speaker page, without the timeline", json.dumps(page)[:300])

    status, page = server.get_json('/api/search?words=%22single%20clinic%22&limit=1')
    quote_id = page["quotes"][0]["id"] if status == 200 and page.get("quotes") else "none"
    status, quote = server.get_json("/api/quote/" + quote_id)
    c.check(status == 200 and len(quote.get("sources", [])) == 2 and
            all(s.get("context") for s in quote["sources"]),
            "a quote with all its sources and their context", json.dumps(quote)[:400])

    status, headers, body = server.request("GET", "/")
    c.check(status == 200 and headers.get("Content-Type", "").startswith("text/html") and
            "script-src 'self'" in headers.get("Content-Security-Policy", "") and
            b"/assets/app.js" in body, "the page, with its content security policy")
    status, headers, body = server.request("GET", "/speaker/tomas-brenner")
    c.check(status == 200 and b"speaker-view" in body, "a speaker's page")
    for name, kind in [("app.js", "text/javascript"), ("style.css", "text/css"),
                       ("icon.svg", "image/svg+xml")]:
        status, headers, body = server.request("GET", "/assets/" + name)
        c.check(status == 200 and headers.get("Content-Type", "").startswith(kind) and body,
                "the asset " + name)
    status, headers, body = server.request("HEAD", "/api/stats")
    c.check(status == 200 and not body, "HEAD", str(status))


def check_ingest(c, server):
    headers = {"Content-Type": "application/x-ndjson"}
    doc = {"doc_id": "api-1", "outlet": "Test Post", "published": "2024-06-03",
           "url": "https://test.example/1",
           "text": "\"The harbour stays open,\" Mayor Tomas Brenner said on Monday."}
    line = (json.dumps(doc) + "\n").encode()
    status, _, body = server.request("POST", "/api/ingest", body=line, headers=headers)
    summary = json.loads(body)
    c.check(status == 200 and summary["documents"]["new"] == 1 and
            summary["quotes"]["new"] >= 1 and summary["skipped"] == 0,
            "an ingest answers its summary", body.decode()[:300])
    status, _, body = server.request("POST", "/api/ingest", body=line, headers=headers)
    c.check(status == 200 and json.loads(body)["documents"]["unchanged"] == 1,
            "the same document again changes nothing", body.decode()[:300])
    status, page = server.get_json("/api/search?words=harbour%20stays%20open")
    c.check(status == 200 and len(page["quotes"]) == 1 and
            page["quotes"][0]["sources"][0]["doc_id"] == "api-1",
            "a posted document is searchable at once", json.dumps(page)[:300])

    mixed = line.replace(b"api-1", b"api-2").replace(b"Monday", b"Tuesday") + \
        b"{not json\n" + b'{"doc_id": "no-text"}\n'
    status, headers2, body = server.request("POST", "/api/ingest", body=mixed, headers=headers)
    answer = json.loads(body)
    c.check(is_json_error(status, headers2, body, 400) and answer["skipped"] == 2 and
            answer["documents"]["new"] == 1 and
            answer["errors"][0].startswith("body:2: malformed JSON") and
            answer["errors"][1].startswith("body:3: "),
            "bad lines are reported by line, the good ones stored", body.decode()[:400])
    status, headers2, body = server.request(
        "POST", "/api/ingest", body=b'{"text": "\\"Yes,\\" Ana Ortiz said."}\n',
        headers=headers)
    status, page = server.get_json("/api/search?words=yes&speaker=ortiz")
    c.check(status == 200 and page["quotes"] and
            page["quotes"][0]["sources"][0]["doc_id"] == "body:1",
            "a line without doc_id is named body:LINE", json.dumps(page)[:300])
    status, headers2, body = server.request("POST", "/api/ingest", body=b"",
                                            headers=headers)
    c.check(is_json_error(status, headers2, body, 400), "400 for an empty body",
            "%s %s" % (status, body[:200]))
    status, headers2, body = server.request("POST", "/api/ingest", body=b"\n\n",
                                            headers=headers)
    c.check(is_json_error(status, headers2, body, 400), "400 for a body of blank lines",
            "%s %s" % (status, body[:200]))


def main():
    quotes, samples = sys.argv[1], sys.argv[2]
    c = serve_util.Checks()
    tmp = serve_util.temp_dir("serve-api")
    db = os.path.join(tmp, "db")
    serve_util.make_store(quotes, samples, db)

    server = serve_util.Server(quotes, db, "--max-body-bytes", str(MAX_BODY))
    try:
        c.check(server.host == "127.0.0.1", "loopback by default", server.url)
        addresses = listening_addresses(server.port)
        c.check(addresses == ["0100007F"], "listens on 127.0.0.1 alone", repr(addresses))
        check_answers(c, server)
        check_refusals(c, server)
        check_ingest(c, server)

        # A second server: the port is taken, then the store is.
        other = os.path.join(tmp, "other")
        serve_util.make_store(quotes, samples, other)
        run = subprocess.run([quotes, "serve", "--db", other, "--port", str(server.port)],
                             capture_output=True, text=True, timeout=30)
        c.check(run.returncode == 2 and "in use" in run.stderr and
                str(server.port) in run.stderr and not run.stdout,
                "a port in use: exit 2 and a clear error", "%d %r" % (run.returncode, run.stderr))
        run = subprocess.run([quotes, "serve", "--db", db, "--port", "0"],
                             capture_output=True, text=True, timeout=30)
        c.check(run.returncode == 2 and "in use" in run.stderr and db in run.stderr,
                "a store in use: exit 2, naming it", "%d %r" % (run.returncode, run.stderr))
        run = subprocess.run([quotes, "query", "--db", db, "--speaker", "brenner"],
                             capture_output=True, text=True, timeout=30)
        c.check(run.returncode == 2 and "in use" in run.stderr,
                "the other commands see the store in use", run.stderr)
        run = subprocess.run([quotes, "serve", "--db", os.path.join(tmp, "none"),
                              "--port", "0"], capture_output=True, text=True, timeout=30)
        c.check(run.returncode == 2 and "no store here" in run.stderr,
                "a missing store is refused", run.stderr)
        run = subprocess.run([quotes, "serve", "--port", "70000"],
                             capture_output=True, text=True, timeout=30)
        c.check(run.returncode == 2 and "--port" in run.stderr, "a bad port is a usage error",
                run.stderr)
    finally:
        code, err = server.stop(signal.SIGTERM)
    c.check(code == 0 and "stopped by SIGTERM" in err, "SIGTERM stops it with 0",
            "%r %r" % (code, err))
    run = subprocess.run([quotes, "query", "--db", db, "--words", "harbour stays open"],
                         capture_output=True, text=True, timeout=30)
    c.check(run.returncode == 0 and "harbour stays open" in run.stdout,
            "the store is closed and kept what was posted", run.stderr)

    server = serve_util.Server(quotes, db)
    status, _ = server.get_json("/api/stats")
    code, err = server.stop(signal.SIGINT)
    c.check(status == 200 and code == 0 and "stopped by SIGINT" in err,
            "SIGINT stops it with 0", "%r %r" % (code, err))

    # --create makes a missing store, as ingest does.
    server = serve_util.Server(quotes, os.path.join(tmp, "new", "db"), "--create")
    status, stats = server.get_json("/api/stats")
    c.check(status == 200 and stats["quotes"] == 0, "--create serves a new empty store",
            json.dumps(stats))
    status, page = server.get_json("/api/search")
    c.check(status == 200 and page == {"quotes": [], "next_cursor": None, "speakers": {}},
            "an empty store has no quotes", json.dumps(page))
    server.stop()
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())

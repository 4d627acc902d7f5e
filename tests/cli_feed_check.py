# Copyright The Quote Tracker Authors.
#
# Reads a `quotes export --format pb` feed as a consumer outside the
# project would: Debian's Python protobuf runtime and a quote_pb2 module
# that protoc generated from proto/quote.proto.  Each frame is a varint
# length and a Quote, the framing of protobuf's writeDelimitedTo and
# parseDelimitedFrom.  The quotes must be the ones `quotes export --format
# jsonl` prints, in the same order, field for field.
#
# Usage: cli_feed_check.py FEED.pb FEED.jsonl   (quote_pb2 on sys.path)

import json
import struct
import sys

from google.protobuf import json_format
from google.protobuf import message

import quote_pb2


def read_varint(data, pos):
    """Returns (value, next position) of the varint at data[pos]."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("feed ends inside a length prefix")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("length prefix longer than ten bytes")


def read_feed(data):
    """Yields each Quote of a length-delimited feed."""
    pos = 0
    while pos < len(data):
        size, pos = read_varint(data, pos)
        if pos + size > len(data):
            raise ValueError("feed ends inside a message at byte %d" % pos)
        quote = quote_pb2.Quote()
        quote.ParseFromString(data[pos:pos + size])
        pos += size
        yield quote


def as_float32(value):
    """"value" with every float rounded to the 32-bit float it stands for:
    C++ prints a float field with nine digits (0.854999959), Python with
    the fewest that read back the same (0.85499996)."""
    if isinstance(value, float):
        return struct.unpack("f", struct.pack("f", value))[0]
    if isinstance(value, dict):
        return {k: as_float32(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_float32(v) for v in value]
    return value


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        feed = list(read_feed(data))
    except (ValueError, message.DecodeError) as e:
        print("FAIL: the pb feed does not parse: %s" % e, file=sys.stderr)
        return 1
    with open(sys.argv[2], encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]

    failures = []
    if len(feed) != len(lines):
        failures.append("%d quotes in the pb feed, %d in jsonl" %
                        (len(feed), len(lines)))
    for i, (quote, line) in enumerate(zip(feed, lines)):
        if not quote.id or not quote.sources:
            failures.append("quote %d has no id or no source" % i)
        # A field the reader's schema lacks would be missing here and
        # present in the jsonl line, which the store's own schema printed.
        as_json = json_format.MessageToDict(
            quote, preserving_proto_field_name=True)
        if as_float32(as_json) != as_float32(line):
            failures.append("quote %d differs:\n  pb:    %s\n  jsonl: %s" %
                            (i, json.dumps(as_json, sort_keys=True),
                             json.dumps(line, sort_keys=True)))
    for failure in failures[:10]:
        print("FAIL: " + failure, file=sys.stderr)
    if failures:
        return 1
    print("read %d quotes from the pb feed; they match the jsonl export" %
          len(feed))
    return 0


if __name__ == "__main__":
    sys.exit(main())

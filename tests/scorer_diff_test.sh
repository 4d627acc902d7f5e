#!/usr/bin/env bash
# Differential test of the C++ scorer: score_main and ../shared/eval/score.py
# must print the same bytes (text, --json and --errors) on the fixtures of
# tests/testdata/scorer and on the development sets seed.jsonl and ggt.jsonl
# with synthetic predictions.  Skips when ../shared or python3 is missing.
#
# ../shared is found through $QUOTES_SHARED_DIR, else next to the real
# source tree (this script in the runfiles is a symlink into it), else at a
# few usual places.
set -u

runfiles="${TEST_SRCDIR:-$(dirname "$0")/..}/${TEST_WORKSPACE:-quotes}"
score_main="$runfiles/tests/score_main"
fixtures="$runfiles/tests/testdata/scorer"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

find_shared() {
  local real candidate
  real=$(readlink -f "$0" 2>/dev/null)
  for candidate in "${QUOTES_SHARED_DIR:-}" \
    "${real:+$(dirname "$(dirname "$(dirname "$real")")")/shared}" \
    "${BUILD_WORKSPACE_DIRECTORY:+$BUILD_WORKSPACE_DIRECTORY/../shared}" \
    /work/shared; do
    if [ -n "$candidate" ] && [ -f "$candidate/eval/score.py" ]; then
      (cd "$candidate" && pwd)
      return 0
    fi
  done
  return 1
}

if ! shared=$(find_shared); then
  echo "SKIPPED: ../shared not found"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIPPED: python3 not found"
  exit 0
fi
score_py="$shared/eval/score.py"

failures=0
checks=0

# compare GOLD PRED: both scorers, three ways of printing.
compare() {
  local gold=$1 pred=$2 flags
  for flags in "" "--json" "--errors 1000"; do
    checks=$((checks + 1))
    # shellcheck disable=SC2086  # $flags holds zero or more words.
    python3 "$score_py" --gold "$gold" --pred "$pred" $flags \
      >"$tmp/py.out" 2>&1
    # shellcheck disable=SC2086
    "$score_main" --gold "$gold" --pred "$pred" $flags >"$tmp/cc.out" 2>&1
    if ! cmp -s "$tmp/py.out" "$tmp/cc.out"; then
      failures=$((failures + 1))
      echo "DIFFERS: $(basename "$gold") $(basename "$pred") ${flags:-(text)}"
      diff "$tmp/py.out" "$tmp/cc.out" | head -20
    fi
  done
}

# Synthetic predictions for a gold file: quotes missed, shifted (Dice near
# 0.5), cut inside characters; speakers swapped, turned into pronouns,
# titles or {"name": ...}; spurious spans anywhere; lines outside the
# contract.  Deterministic for a seed.
cat >"$tmp/perturb.py" <<'PY'
import json, random, sys

gold_path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
out = []
for line in open(gold_path, encoding="utf-8"):
    if not line.strip():
        continue
    d = json.loads(line)
    t = d["text"]
    utf8 = d.get("offsets") == "utf8-bytes"

    def to_bytes(x):
        return x if utf8 else len(t[:x].encode("utf-8"))

    names = [q.get("speaker") for q in d["quotes"] if q.get("speaker")] or ["Nobody"]
    for q in d["quotes"]:
        if rng.random() < 0.12:
            continue
        s, e = to_bytes(q["quote_start"]), to_bytes(q["quote_end"])
        r = rng.random()
        if r < 0.25:
            s, e = s + rng.randint(-40, 40), e + rng.randint(-40, 40)
        elif r < 0.3:
            s, e = s + rng.randint(0, 3), e - rng.randint(0, 3)
        p = {"doc_id": d["doc_id"], "quote_start": s, "quote_end": e}
        spk = q.get("speaker")
        r = rng.random()
        if r < 0.15:
            spk = rng.choice(names)
        elif r < 0.25:
            spk = rng.choice(["he", "She", "they", "the president", None, ""])
        elif r < 0.35 and isinstance(spk, str):
            spk = "Mr. " + spk.split()[-1]
        elif r < 0.4 and isinstance(spk, str):
            spk = {"name": spk.upper()}
        p["speaker"] = spk
        if q.get("speaker_start") is not None and rng.random() < 0.7:
            p["speaker_start"] = to_bytes(q["speaker_start"]) + rng.randint(-5, 5)
            p["speaker_end"] = to_bytes(q["speaker_end"]) + rng.randint(-5, 5)
        if rng.random() < 0.05:
            p["quote_start"] = str(p["quote_start"])
        out.append(p)
    size = len(t.encode("utf-8"))
    for _ in range(rng.randint(0, 4)):
        s = rng.randint(-10, size + 10)
        out.append({"doc_id": d["doc_id"], "quote_start": s,
                    "quote_end": s + rng.randint(0, 300),
                    "speaker": rng.choice(names + ["it", None])})
lines = [json.dumps(p, ensure_ascii=rng.random() < 0.5) for p in out]
rng.shuffle(lines)
lines += ['{"doc_id": "x", "quote_start": null, "quote_end": 3}', "not json",
          "[1, 2]", '{"doc_id": "nowhere", "quote_start": 0, "quote_end": 10}',
          '{"quote_start": 1.5, "quote_end": "7"}',
          '{"doc_id": "y", "quote_start": "1.5", "quote_end": 3}', ""]
print("\n".join(lines))
PY

for gold in "$fixtures"/*.gold.jsonl; do
  compare "$gold" "${gold%.gold.jsonl}.pred.jsonl"
done

for set in seed:1 seed:2 seed:3 seed:4 seed:5 ggt:1 ggt:2; do
  gold="$shared/eval/dev/${set%%:*}.jsonl"
  [ -f "$gold" ] || continue
  pred="$tmp/${set%%:*}-${set##*:}.pred.jsonl"
  python3 "$tmp/perturb.py" "$gold" "${set##*:}" >"$pred" || exit 1
  compare "$gold" "$pred"
done

echo "score.py: $score_py"
echo "$checks comparisons, $failures differ"
[ "$failures" -eq 0 ]

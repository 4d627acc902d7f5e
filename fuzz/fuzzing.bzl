"""quotes_fuzzer: a libFuzzer target and the test that runs it briefly."""

def quotes_fuzzer(name, srcs, deps = [], runs = 4000, max_len = 4096):
    """Declares the fuzz target `name` and the test `name`_test.

    With --config=fuzz (clang, --define=fuzzing=libfuzzer) the target links
    libFuzzer's main; otherwise it links //fuzz:replay_main, which runs
    each input of the corpora once.  The test runs the target over its seed
    corpus (corpus/<name>/) and its regression inputs (regressions/<name>/):
    with libFuzzer for `runs` inputs of at most `max_len` bytes, else one
    replay of every file.

    Args:
      name: the target, e.g. "extract_fuzzer".
      srcs: its sources (defining LLVMFuzzerTestOneInput).
      deps: its libraries.
      runs: inputs the test runs under libFuzzer.
      max_len: the longest input libFuzzer makes.
    """
    native.cc_binary(
        name = name,
        testonly = True,
        srcs = srcs,
        linkopts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + [":fuzz_check"] + select({
            "//fuzz:libfuzzer": [],
            "//conditions:default": [":replay_main"],
        }),
    )
    corpus = native.glob(["corpus/%s/*" % name])
    regressions = native.glob(["regressions/%s/*" % name])
    dirs = ["fuzz/corpus/" + name]
    if regressions:
        dirs.append("fuzz/regressions/" + name)
    native.sh_test(
        name = name + "_test",
        size = "medium",
        srcs = ["run_fuzzer_test.sh"],
        args = ["$(rootpath :%s)" % name, str(runs), str(max_len)] + dirs,
        data = [":" + name] + corpus + regressions,
    )

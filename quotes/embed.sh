#!/bin/sh
# Writes a C++ source file holding the rule catalogue and the lexicon, so
# the binary carries the grammar it was built with.
set -eu
rules=$1
lexicon=$2
printf '// Generated from quotes/rules.textproto and quotes/lexicon.textproto.\n'
printf 'namespace quotes {\n'
printf 'extern const char kEmbeddedRules[];\n'
printf 'extern const char kEmbeddedLexicon[];\n'
printf 'const char kEmbeddedRules[] = R"catalogue('
cat "$rules"
printf ')catalogue";\n'
printf 'const char kEmbeddedLexicon[] = R"catalogue('
cat "$lexicon"
printf ')catalogue";\n'
printf '}  // namespace quotes\n'

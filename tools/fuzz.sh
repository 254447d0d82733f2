#!/usr/bin/env bash
# Longer coverage-guided fuzzing campaign on one Jazzer target:
#   tools/fuzz.sh TARGET [MINUTES]      e.g. tools/fuzz.sh ZipFuzzTest 60
# TARGET is a *FuzzTest class (UnpicklerFuzzTest, ZipFuzzTest, SafeTensorsFuzzTest, ImageFuzzTest,
# TokenizerFuzzTest, ClipConfigFuzzTest, VisaCsvFuzzTest, HeadFuzzTest). The corpus grows in
# <module>/target/fuzz-corpus/TARGET; a crash is written into the target's committed inputs folder,
# where `mvn test` replays it from then on (commit it with the fix).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh TARGET [MINUTES]}
minutes=${2:-10}
file=$(find . -path '*/src/test/java/*' -name "$target.java" | head -1)
[ -n "$file" ] || { echo "fuzz.sh: no test class $target" >&2; exit 2; }
module=${file#./}; module=${module%%/src/*}
rel=${file#*/src/test/java/}
class=$(echo "${rel%.java}" | tr / .)
method=$(grep -A1 '@FuzzTest' "$file" | grep -oE 'void [A-Za-z0-9_]+' | head -1 | cut -d' ' -f2)
mvn -B -q ${FUZZ_MVN_OPTS:-} -pl "$module" -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz.classpath")"
corpus="$module/target/fuzz-corpus/$target"
seeds="$module/src/test/resources/$(dirname "$rel")/${target}Inputs/$method"
mkdir -p "$corpus" "$seeds"
exec java -Xss4m -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
    -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$seeds/" "$corpus" "$seeds"

#!/usr/bin/env bash
# Prepares what tools/gpu-check.sh needs on the lent GPU machine, which has CUDA 13 but no Java and no
# network, in the ignored folder .device-carry/ (carried to the machine; with the working tree it must
# stay under 64 MiB):
#   jre.tar.gz        a jlinked Java 17 runtime (java.base, java.desktop, java.logging, java.management,
#                     jdk.unsupported, jdk.incubator.vector, and jdk.zipfs: JUnit scans the test jars
#                     through the zip file system), stripped and compressed
#   lib/*.jar         every module's classes and test classes, and the third-party dependencies
#                     (test scope; JUnit itself comes with the console launcher)
#   junit-platform-console-standalone.jar
# The fixtures the GPU tests read are in testdata/, which travels with the working tree.
# Then run, through the device tool: bash tools/gpu-check.sh   (carry: .device-carry)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
carry="$root/.device-carry"
jdk="${JFSAC_JLINK_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
limit=$((64 * 1024 * 1024))

rm -rf "$carry"
mkdir -p "$carry/lib"

echo "== building (tests compiled, not run)"
mvn -B -q -DskipTests package dependency:copy-dependencies \
    -DincludeScope=test -DoutputDirectory="$carry/lib" \
    -DexcludeGroupIds=org.jfsac,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian

# JCuda's natives include the PTX compiler and NVRTC bindings (24 MB unpacked), which the backend never
# loads (it hands PTX text to the driver); dropping them keeps the carry well under its limit.
for natives in "$carry"/lib/jcuda-natives-*.jar; do
  [ -f "$natives" ] || continue
  unpacked="$(mktemp -d)"
  (cd "$unpacked" && jar xf "$natives" && rm -f lib/libJNvPTXCompiler-* lib/libJNvrtc-* && jar cf "$natives" .)
  rm -rf "$unpacked"
done

for pom in */pom.xml; do
  m="$(dirname "$pom")"
  [ -d "$m/target/classes" ] && jar cf "$carry/lib/jfsac-$m.jar" -C "$m/target/classes" .
  [ -d "$m/target/test-classes" ] && jar cf "$carry/lib/jfsac-$m-tests.jar" -C "$m/target/test-classes" .
done

echo "== JUnit console launcher"
# The platform version that goes with the project's JUnit Jupiter 5.x.y is 1.x.y.
jupiter="$(sed -n 's:.*<junit.version>\(5\.[0-9]*\.[0-9]*\)</junit.version>.*:\1:p' pom.xml)"
platform="1.${jupiter#5.}"
mvn -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
    -DoutputDirectory="$carry" -Dmdep.stripVersion=true

echo "== jlinked runtime from $jdk"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,jdk.unsupported,jdk.incubator.vector,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$tmp/jre"
tar czf "$carry/jre.tar.gz" -C "$tmp" jre

carried=$(du -sb "$carry" | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
echo "== .device-carry: $((carried / 1048576)) MiB, working tree: $((tree / 1048576)) MiB, limit 64 MiB"
du -sh "$carry"/* | sed 's/^/   /'
if [ $((carried + tree)) -gt "$limit" ]; then
  echo "package-gpu-check: carry + working tree exceed 64 MiB" >&2
  exit 1
fi

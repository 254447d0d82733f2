#!/usr/bin/env bash
# The CUDA check for the lent GPU machine (CUDA 13 driver and libraries, PyTorch, no Java, no network).
# Prepare here with tools/package-gpu-check.sh, then run through the device tool from the repo root:
#     bash tools/gpu-check.sh          (carry: .device-carry; timeout about 540 s)
# Steps, each with its own time limit so the whole run stays under 8 minutes:
#   1. every test class whose name contains "Cuda" (all modules; CudaConformanceTest runs the backend
#      conformance suite from core's test-jar as dynamic tests), JUnit console launcher       <= 200 s
#   2. the CUDA benchmarks (org.jfsac.bench.cuda.CudaBench)                                <= 140 s
#   3. the PyTorch peer (bench/scripts/vit_torch.py)                                       <= 100 s
#   4. a short table, printed last
# Logs and TSVs go to $OUT (the device tool brings them back) or /tmp/jfsac-gpu-check.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
carry="$root/.device-carry"
out="${OUT:-/tmp/jfsac-gpu-check}"
work=/tmp/jfsac-gpu
mkdir -p "$out" "$work"

if [ ! -f "$carry/jre.tar.gz" ]; then
  echo "gpu-check: $carry/jre.tar.gz missing: run tools/package-gpu-check.sh and carry .device-carry" >&2
  exit 2
fi
tar xzf "$carry/jre.tar.gz" -C "$work"
java="$work/jre/bin/java"
cp=$(ls "$carry"/lib/*.jar | tr '\n' ':')
tests=$(ls "$carry"/lib/*-tests.jar | tr '\n' ':')
jvm=(-Xmx24g -Xss4m --add-modules jdk.incubator.vector -Djfsac.testdata="$root/testdata")

{
  echo "== machine"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1
  "$java" -version 2>&1 | head -1
} | tee "$out/machine.txt"

echo "== 1. CUDA tests"
t0=$SECONDS
timeout 200 "$java" "${jvm[@]}" -jar "$carry/junit-platform-console-standalone.jar" execute \
    --disable-banner --disable-ansi-colors --details=tree --class-path "$cp" --scan-class-path "$tests" \
    --include-classname '.*Cuda.*' --reports-dir "$work/junit" > "$out/tests.log" 2>&1
test_rc=$?
cp "$work/junit/TEST-junit-jupiter.xml" "$out/" 2>/dev/null
# The tree is long; show failures and the summary here, the rest is in tests.log.
grep -E "✘|MethodSource|=> |\[CudaGemmTest\]|\[CudaRobustnessTest\]|CudaConformanceTest|tests (successful|failed|skipped|aborted|found)" "$out/tests.log" | head -80
echo "   (exit $test_rc, $((SECONDS - t0)) s)"

echo "== 2. CUDA benchmarks"
t0=$SECONDS
timeout 140 "$java" "${jvm[@]}" -cp "$cp" org.jfsac.bench.cuda.CudaBench --out "$out/java-bench.tsv" > "$out/java-bench.log" 2>&1
bench_rc=$?
grep -v $'\t' "$out/java-bench.log" | tail -20
echo "   (exit $bench_rc, $((SECONDS - t0)) s)"

echo "== 3. PyTorch peer"
t0=$SECONDS
PYTHONUNBUFFERED=1 timeout 100 python3 bench/scripts/vit_torch.py --out "$out/torch-bench.tsv" > "$out/torch-bench.log" 2>&1
torch_rc=$?
grep -v $'\t' "$out/torch-bench.log" | tail -5
echo "   (exit $torch_rc, $((SECONDS - t0)) s)"

echo "== summary"
python3 - "$out" "$test_rc" "$bench_rc" "$torch_rc" <<'PY' | tee "$out/summary.txt"
import os, re, sys
out, test_rc, bench_rc, torch_rc = sys.argv[1], *map(int, sys.argv[2:])

def rows(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    return [l.rstrip("\n").split("\t") for l in open(path) if l.count("\t") == 5]

java, torch = rows("java-bench.tsv"), rows("torch-bench.tsv")
log = open(os.path.join(out, "tests.log"), errors="replace").read() if os.path.exists(os.path.join(out, "tests.log")) else ""
counts = {k: re.search(r"\[\s*(\d+) tests " + k, log) for k in ("successful", "failed", "aborted", "skipped")}
# JUnit counts a test skipped by an assumption (no GPU, no cuBLAS) as "aborted".
print("tests: " + ", ".join(f"{k} {m.group(1) if m else '?'}" for k, m in counts.items())
      + f" (aborted = skipped by an assumption; exit {test_rc})")

def value(rs, section, name, prec, batch):
    for r in rs:
        if r[0] == section and r[1] == name and r[2] == prec and r[3] == str(batch):
            return r[4]
    return "-"

models = sorted({r[1] for r in java if r[0] == "model"} | {r[1] for r in torch if r[0] == "torch-model"})
print(f"{'model':<20}{'prec':<6}{'b1 ms/img jfsac':>16}{'torch':>9}{'b64 img/s jfsac':>17}{'torch':>9}")
for m in models:
    for p in ("fp32", "fp16"):
        print(f"{m:<20}{p:<6}{value(java, 'model', m, p, 1):>16}{value(torch, 'torch-model', m, p, 1):>9}"
              f"{value(java, 'model', m, p, 64):>17}{value(torch, 'torch-model', m, p, 64):>9}")
    err = value(java, "model", m, "fp16 vs fp32", 8)
    if err != "-":
        print(f"{'':<20}fp16 embeddings vs fp32: relative L2 error {err}")
copy = value(java, "bandwidth", "device-to-device copy", "fp32", 1)
print(f"bandwidth GB/s (copy {copy}, torch copy {value(torch, 'torch-bandwidth', 'device-to-device copy', 'fp32', 1)}):")
for r in java:
    if r[0] == "bandwidth" and r[5] == "GB/s" and r[1] != "device-to-device copy":
        print(f"  {r[1]:<28}{r[4]:>9}  ({value(java, 'bandwidth', r[1] + ' / copy', 'fp32', 1)} of copy)")
for r in java:
    if r[0] == "gemm":
        print(f"  gemm {r[1]:<20}{r[2]:<6}{r[4]:>9} TFLOP/s")
print(f"exit codes: tests {test_rc}, java bench {bench_rc}, torch {torch_rc}")
PY
[ "$test_rc" -eq 0 ] && [ "$bench_rc" -eq 0 ]

#!/usr/bin/env bash
# Every CPU benchmark that bench/README.md quotes for issues 13 and 14, one after another, from one build,
# each output saved with the load average before and after it (a table is only worth reading when the
# machine was quiet). Needs the peers export (bench/scripts/export_onnx.py DIR, ~2.3 GB) and Debian's
# python3-torch for the PyTorch peer.
# Usage: bench/scripts/quiet-run.sh PEERS_DIR OUT_DIR [quick]
#   quick: fewer rounds (≈ 15 min in all on 2 cores instead of ≈ 40)
set -euo pipefail
peers=${1:?usage: quiet-run.sh PEERS_DIR OUT_DIR [quick]}
out=${2:?usage: quiet-run.sh PEERS_DIR OUT_DIR [quick]}
quick=${3:-}
cd "$(dirname "$0")/../.."
mkdir -p "$out"
jar=bench/target/benchmarks.jar
java=(java --add-modules jdk.incubator.vector -Xmx6g -cp "$jar")

step() { # name, command...
  local name=$1; shift
  echo "== $name: $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/steps.txt"
  "$@" > "$out/$name.txt" 2>&1 || echo "   $name exited $?" | tee -a "$out/steps.txt"
  echo "   done $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/steps.txt"
}

if [[ $quick ]]; then rounds=3; protoEpochs=10; jmh=(-wi 2 -i 5); else rounds=5; protoEpochs=20; jmh=(); fi

mvn -B -o -q -pl bench -am -DskipTests -Ppeers package
git rev-parse HEAD > "$out/commit.txt"

# issue 14, goals 1 and 2: tower and saliency beside ONNX Runtime and PyTorch, alternating rounds
step tower-vs-peers "${java[@]}" org.jfsac.bench.peers.TowerVsPeers "$peers" "$rounds" 1 1,8
# where a forward's time goes, batch 1 and 8
for m in ViT-B-16-plus-240 ViT-B-16; do
  for b in 1 8; do step "op-profile-$m-b$b" "${java[@]}" org.jfsac.bench.peers.OpProfile "$peers" "$m" "$b" 3; done
done
# the cost of one GEMM per image (batch-independent bits) against one GEMM over the batch, alternating in one JVM
step per-sample-gemm "${java[@]}" org.jfsac.bench.peers.PerSampleGemmCost "$peers" "$rounds" 8
# issue 14, goal 3: the protocol's training for one class, old path vs anomalies made ahead, real-size tower
step protocol-cost "${java[@]}" org.jfsac.bench.fsac.ProtocolCostBench vit "$protoEpochs" 1
step synthetic-encode-cost "${java[@]}" org.jfsac.bench.fsac.SyntheticEncodeCost 8 3
# issue 14, goal 5: the public API's per-image latency (JMH) and PyTorch's counterparts
step jmh-api java -jar "$jar" 'FsacApiBench.s|OrtScoreBench' -f 1 "${jmh[@]}"
step torch-encode /usr/bin/python3 bench/scripts/openclip_peer.py once "$peers" encode ViT-B-16-plus-240 1 5 --threads 2
step torch-saliency /usr/bin/python3 bench/scripts/openclip_peer.py once "$peers" saliency ViT-B-16-plus-240 1 5 --threads 2
# issue 13: Spark scoring against FsacClassifier.score in one JVM, 1 and 2 executor threads, real-size tower
mvn -B -o -q -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile="$out/spark-cp.txt" -Dmdep.includeScope=test
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' spark/pom.xml)
# shellcheck disable=SC2086 # opens is a list of JVM options
step spark-scoring java -Xmx6g --add-modules jdk.incubator.vector $opens \
  -cp "spark/target/test-classes:spark/target/classes:$(cat "$out/spark-cp.txt")" \
  org.jfsac.spark.bench.SparkBench scoring "$peers/ViT-B-16.pt" 32 "$rounds" 1,2 1
echo "all done: $(date -u +%H:%M:%S)" | tee -a "$out/steps.txt"

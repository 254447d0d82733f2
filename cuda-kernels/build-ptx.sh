#!/usr/bin/env bash
# Compiles every CUDA kernel source (src/main/kernels/*.cu, shared with OpenCL, and the CUDA-only
# src/main/cuda/*.cu) to PTX, one .ptx per source file. Sources marked "jfsac: opencl-only" (gemm.cu: OpenCL's
# tiled GEMM; CUDA has its own in src/main/cuda) are skipped: no PTX is packaged that the backend never loads.
#
# nvcc is $NVCC, else the one on the PATH. Without it, the Maven build
# packages the committed copy in generated/ptx (generated output, kept for builders without the CUDA toolkit).
#
# nvcc 13 writes PTX ISA ".version 9.0", which only drivers >= 580 can JIT. The kernels use nothing
# newer than ISA 8.0 (CUDA 12.0), so the header is lowered to that; ptxas then proves that the lowered
# file is still valid for sm_86 (RTX 3090) and sm_90 (H100/H200). A failure of either stops the build.
#
# src/main/cuda/ptx-variants lists extra modules compiled from the same sources with other -D settings.
#
# usage: build-ptx.sh OUT_DIR     build into OUT_DIR (the Maven build uses target/generated-ptx), or copy the
#                                 committed PTX there when nvcc is absent
#        build-ptx.sh --update    rebuild the committed copy in generated/ptx (needs nvcc; commit it afterwards)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
committed="$here/generated/ptx"
NVCC="${NVCC:-$(command -v nvcc || true)}"
ARCH="${JFSAC_PTX_ARCH:-compute_75}"
PTX_ISA="${JFSAC_PTX_ISA:-8.0}"
CHECK_SMS="${JFSAC_PTXAS_SMS:-sm_86 sm_90}"

case "${1:-}" in
  "") echo "usage: $0 OUT_DIR | --update" >&2; exit 2 ;;
  --update) out="$committed"; force=1 ;;
  *) out="$1"; force=0 ;;
esac
mkdir -p "$out"

if [ -z "$NVCC" ]; then
  if [ "$force" = 1 ]; then echo "build-ptx: --update needs nvcc (on the PATH, or \$NVCC)" >&2; exit 1; fi
  rm -f "$out"/*.ptx
  cp "$committed"/*.ptx "$out"/
  echo "build-ptx: nvcc not found; packaging the committed PTX from $committed"
  exit 0
fi
PTXAS="${PTXAS:-$(command -v ptxas || echo "$(dirname "$NVCC")/ptxas")}"

shopt -s nullglob
sources=("$here"/src/main/kernels/*.cu "$here"/src/main/cuda/*.cu)
headers=("$here"/src/main/kernels/*.h "$here"/src/main/cuda/*.h "$here"/src/main/kernels/*.cuh "$here"/src/main/cuda/*.cuh)
if [ ${#sources[@]} -eq 0 ]; then echo "build-ptx: no .cu sources under $here/src/main" >&2; exit 1; fi

# One PTX file per source name: a name used in both folders would silently overwrite the other.
dups=$(for s in "${sources[@]}"; do basename "$s" .cu; done | sort | uniq -d)
if [ -n "$dups" ]; then echo "build-ptx: source name used twice: $dups" >&2; exit 1; fi

# Lowers ".version X.Y" to PTX_ISA when X.Y is newer; an older version is left alone.
lower_version() {
  awk -v target="$PTX_ISA" '
    /^\.version [0-9]+\.[0-9]+$/ && !done {
      split($2, v, "."); split(target, t, ".");
      if (v[1] + 0 > t[1] + 0 || (v[1] + 0 == t[1] + 0 && v[2] + 0 > t[2] + 0)) $0 = ".version " target;
      done = 1
    }
    { print }' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

newest_header=0
for h in "${headers[@]}"; do t=$(stat -c %Y "$h"); [ "$t" -gt "$newest_header" ] && newest_header=$t; done

# One job per line: module name, source file, extra nvcc flags (none for the plain build of a file).
jobs=()
for src in "${sources[@]}"; do
  grep -q "jfsac: opencl-only" "$src" && continue
  jobs+=("$(basename "$src" .cu)|$src|")
done
variants="$here/src/main/cuda/ptx-variants"
if [ -f "$variants" ]; then
  while read -r module file flags; do
    case "$module" in ""|\#*) continue ;; esac
    src="$here/src/main/kernels/$file"
    [ -f "$src" ] || src="$here/src/main/cuda/$file"
    if [ ! -f "$src" ]; then echo "build-ptx: $variants: no source $file for $module" >&2; exit 1; fi
    jobs+=("$module|$src|$flags")
  done < "$variants"
fi

built=0
for job in "${jobs[@]}"; do
  IFS='|' read -r name src flags <<< "$job"
  ptx="$out/$name.ptx"
  if [ "$force" = 0 ] && [ -f "$ptx" ] && [ "$ptx" -nt "$src" ] && [ "$ptx" -nt "$variants" ] \
      && [ "$(stat -c %Y "$ptx")" -ge "$newest_header" ]; then
    continue
  fi
  # shellcheck disable=SC2086  # flags are words
  "$NVCC" -ptx -arch="$ARCH" -std=c++17 $flags \
      -I "$here/src/main/kernels" -I "$here/src/main/cuda" \
      -o "$ptx.tmp" "$src"
  mv "$ptx.tmp" "$ptx"
  lower_version "$ptx"
  for sm in $CHECK_SMS; do
    if ! "$PTXAS" -arch="$sm" "$ptx" -o /dev/null; then
      echo "build-ptx: ptxas -arch=$sm rejects $ptx (from $src $flags) at PTX ISA $PTX_ISA" >&2
      rm -f "$ptx"
      exit 1
    fi
  done
  built=$((built + 1))
done

# Drop PTX that no job makes any more, so it is not packaged.
for ptx in "$out"/*.ptx; do
  name="$(basename "$ptx" .ptx)"
  keep=0
  for job in "${jobs[@]}"; do [ "${job%%|*}" = "$name" ] && keep=1; done
  [ "$keep" = 1 ] || rm -f "$ptx"
done

echo "build-ptx: $built of ${#jobs[@]} PTX files rebuilt in $out (ISA $PTX_ISA, ptxas ok for $CHECK_SMS)"

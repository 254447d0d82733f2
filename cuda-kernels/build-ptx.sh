#!/usr/bin/env bash
# Compiles every CUDA kernel source (src/main/kernels/*.cu, shared with OpenCL, and the CUDA-only
# src/main/cuda/*.cu) to PTX, one .ptx per source file.
#
# nvcc 13 writes PTX ISA ".version 9.0", which only drivers >= 580 can JIT. The kernels use nothing
# newer than ISA 8.0 (CUDA 12.0), so the header is lowered to that; ptxas then proves that the lowered
# file is still valid for sm_86 (RTX 3090) and sm_90 (H100/H200). A failure of either stops the build.
#
# usage: build-ptx.sh OUT_DIR     build into OUT_DIR (the Maven nvcc profile uses target/generated-ptx)
#        build-ptx.sh --update    rebuild the committed copy in src/main/ptx (commit it afterwards)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
NVCC="${NVCC:-nvcc}"
PTXAS="${PTXAS:-ptxas}"
ARCH="${JFSAC_PTX_ARCH:-compute_75}"
PTX_ISA="${JFSAC_PTX_ISA:-8.0}"
CHECK_SMS="${JFSAC_PTXAS_SMS:-sm_86 sm_90}"

case "${1:-}" in
  "") echo "usage: $0 OUT_DIR | --update" >&2; exit 2 ;;
  --update) out="$here/src/main/ptx"; force=1 ;;
  *) out="$1"; force=0 ;;
esac
mkdir -p "$out"

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

built=0
for src in "${sources[@]}"; do
  name="$(basename "$src" .cu)"
  ptx="$out/$name.ptx"
  if [ "$force" = 0 ] && [ -f "$ptx" ] && [ "$ptx" -nt "$src" ] && [ "$(stat -c %Y "$ptx")" -ge "$newest_header" ]; then
    continue
  fi
  "$NVCC" -ptx -arch="$ARCH" -std=c++17 \
      -I "$here/src/main/kernels" -I "$here/src/main/cuda" \
      -o "$ptx.tmp" "$src"
  mv "$ptx.tmp" "$ptx"
  lower_version "$ptx"
  for sm in $CHECK_SMS; do
    if ! "$PTXAS" -arch="$sm" "$ptx" -o /dev/null; then
      echo "build-ptx: ptxas -arch=$sm rejects $ptx (from $src) at PTX ISA $PTX_ISA" >&2
      rm -f "$ptx"
      exit 1
    fi
  done
  built=$((built + 1))
done

# Drop PTX whose source was deleted, so it is not packaged.
for ptx in "$out"/*.ptx; do
  name="$(basename "$ptx" .ptx)"
  [ -f "$here/src/main/kernels/$name.cu" ] || [ -f "$here/src/main/cuda/$name.cu" ] || rm -f "$ptx"
done

echo "build-ptx: $built of ${#sources[@]} PTX files rebuilt in $out (ISA $PTX_ISA, ptxas ok for $CHECK_SMS)"

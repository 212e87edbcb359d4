#!/usr/bin/env bash
# The DSC benchmark on a GPU machine that has no Node and no network (docs/performance.md).
#
#   scripts/gpu-bench.sh prepare   # here, with npm's registry reachable: fills .gpu/ and .gl/
#   scripts/gpu-bench.sh run [SIZE ITERS WARMUP]   # there, from the repository root
#
# prepare: an xz-compressed copy of this machine's node, the npm package `webgpu`'s Dawn binding
# (dist/linux-x64/dawn.node, xz-compressed) behind a two-line ESM shim, an esbuild bundle of
# src/cli/benchDsc.ts with `webgpu` left external, and Debian's Vulkan/GL loaders (.gl/*.deb);
# the pieces live in scripts/gpu-common.sh, shared with scripts/gpu-campaign.sh.
# run: unpacks them, points Vulkan at the NVIDIA driver, and runs the bundle on webgpu with
# --pytorch (training/bench_dsc.py on CUDA), then on cpu for reference at a small size. The JSON
# lands in results/bench-dsc-<device>.json and, when $OUT is set, in $OUT too.
# With the device tool: carry [".gpu", ".gl"], command `bash scripts/gpu-bench.sh run`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu-common.sh
. scripts/gpu-common.sh

prepare() {
  gpu_pack_node_dawn
  gpu_bundle src/cli/benchDsc.ts
  gpu_fetch_debs
  du -sh .gpu .gl
  echo 'gpu-bench: ready. Device tool: carry [".gpu", ".gl"], command "bash scripts/gpu-bench.sh run"'
}

run() {
  local size=${1:-321x481} iters=${2:-20} warmup=${3:-5}
  [ -f .gpu/benchDsc.mjs ] || [ -f .gpu/benchDsc.mjs.xz ] || { echo "gpu-bench: .gpu/ is missing: run 'scripts/gpu-bench.sh prepare' here first" >&2; exit 1; }
  gpu_unpack
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
  local device
  device=$(gpu_device_name unknown-gpu)
  mkdir -p results
  local json=results/bench-dsc-$device.json
  node "$GPU_RT/benchDsc.mjs" --backend webgpu --size "$size" --iters "$iters" --warmup "$warmup" \
    --pytorch --python "${PYTHON:-python3}" --json "$json"
  node "$GPU_RT/benchDsc.mjs" --backend cpu --size 48x64 --iters 3 --warmup 1 --json "results/bench-dsc-$device-cpu-48x64.json" || true
  if [ -n "${OUT:-}" ]; then cp results/bench-dsc-"$device"*.json "$OUT"/; fi
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  *) echo "usage: scripts/gpu-bench.sh prepare | run [SIZE ITERS WARMUP]" >&2; exit 2 ;;
esac

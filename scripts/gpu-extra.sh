#!/usr/bin/env bash
# What a device call does after `scripts/gpu-campaign.sh run` (docs/performance.md,
# docs/results.md):
#
#   scripts/gpu-extra.sh prepare REV   # here: .gpu/prev (benchDsc bundled at commit REV), .gpu/val100
#   scripts/gpu-extra.sh run           # there, after the campaign: writes $OUT/extra.tar.gz
#
# run: a. the 'wgsl' iteration with the bind-group cache off, and the same bench bundled at REV
# (a baseline measured on the same card in the same call); b. DSC on all 100 val images from EGB
# (minSize 200) on the SuperAE reconstruction at the four counts, once per K in VAL_KS [4 8 16],
# for the val check of K (scored and split here). Knobs: BENCH_SIZE [321x481], BENCH_ITERS [20],
# BENCH_WARMUP [15], VAL_KS, VAL_P [5] processes per K, VAL_S [200] seconds, WORK [/tmp/gpu-extra].
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu-common.sh
. scripts/gpu-common.sh

prepare() {
  set -e
  local rev=${1:?usage: scripts/gpu-extra.sh prepare REV}
  local src=${BSDS500_DIR:-../shared/bsds500}
  local wt
  wt=$(mktemp -d)
  git worktree add -q --detach "$wt" "$rev"
  ln -s "$PWD/node_modules" "$wt/node_modules"
  rm -rf .gpu/prev && mkdir -p .gpu/prev
  (cd "$wt" && node_modules/.bin/esbuild src/cli/benchDsc.ts --bundle --platform=node --format=esm --target=node20 \
    --external:webgpu --outfile="$OLDPWD/.gpu/prev/benchDsc.mjs" --log-level=warning \
    "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);")
  git worktree remove --force "$wt"
  xz -T0 -9 .gpu/prev/benchDsc.mjs
  echo "$rev" >.gpu/prev/REV
  rm -rf .gpu/val100 && mkdir -p .gpu/val100/images/val
  cp "$src"/images/val/*.jpg .gpu/val100/images/val/
  echo "gpu-extra: .gpu/prev at $(git rev-parse --short "$rev"), $(ls .gpu/val100/images/val | wc -l) val images; $(du -sh .gpu | cut -f1) in .gpu"
}

run() {
  local out=${OUT:-/tmp/gpu-extra-out} work=${WORK:-/tmp/gpu-extra}
  local size=${BENCH_SIZE:-321x481} iters=${BENCH_ITERS:-20} warmup=${BENCH_WARMUP:-15}
  local p=${VAL_P:-5} limit=${VAL_S:-200}
  rm -rf "$work" && mkdir -p "$work/results" "$work/logs" "$out"
  gpu_unpack >/dev/null 2>&1 || echo "gpu-extra: unpack reported an error (going on)"
  local device
  device=$(gpu_device_name nogpu)
  echo "gpu-extra: $(date -u +%T) device $device"
  local bench=(--backend webgpu --size "$size" --iters "$iters" --warmup "$warmup" --kernels wgsl)
  timeout 90 node "$GPU_RT/benchDsc.mjs" "${bench[@]}" --bind-group-cache off \
    --json "$work/results/bench-dsc-$device-wgsl-nocache.json" >"$work/logs/bench-nocache.log" 2>&1
  local rc=$?
  echo "gpu-extra: $(date -u +%T) nocache exit $rc"
  timeout 90 node "$GPU_RT/prev/benchDsc.mjs" "${bench[@]}" \
    --json "$work/results/bench-dsc-$device-wgsl-prev.json" >"$work/logs/bench-prev.log" 2>&1
  rc=$?
  echo "gpu-extra: $(date -u +%T) prev ($(cat .gpu/prev/REV 2>/dev/null)) exit $rc"
  local k i pids=()
  for k in ${VAL_KS:-4 8 16}; do
    for ((i = 0; i < p; i++)); do
      timeout --kill-after=5 "$limit" node "$GPU_RT/bsdsDsc.mjs" --bsds .gpu/val100 --split val --settings 100,50,20,10 \
        --superpixels egb --superpixel-params '{"minSize":200}' --backend webgpu --kernels wgsl --k "$k" --iters 32 \
        --size 120 --superpixels-at full --with-superpixels --out "$work/val-k$k" --shard "$i/$p" \
        >"$work/logs/val-k$k-$i.log" 2>&1 &
      pids+=($!)
    done
  done
  wait "${pids[@]}"
  for k in ${VAL_KS:-4 8 16}; do
    echo "gpu-extra: $(date -u +%T) val K $k: $(find "$work/val-k$k" -maxdepth 1 -name '*_*.png' | wc -l) maps"
  done
  (cd "$work" && tar -czf "$out/extra.tar.gz" results logs val-k*/*.png val-k*/params.json val-k8/superpixels)
  ls -la "$out"
}

case "${1:-}" in
  prepare) shift && prepare "$@" ;;
  run) run ;;
  *) echo "usage: scripts/gpu-extra.sh prepare REV | run" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The SuperAE on the paper's schedule, then DSC from it, in two device calls (docs/results.md,
# "The SuperAE on the paper's schedule"). What travels is near the 64 MiB limit, so the two
# calls carry different things and the trained models wait on the device in .trained/ between
# them (an ignored path that neither call carries is kept on a warm machine).
#
#   scripts/gpu-superae.sh prepare   # here: .gpu-train/ (500 JPEGs + template pack), .gpu/ (node,
#                                    # Dawn, CLI bundles, val and test JPEGs), .gl/
#   scripts/gpu-superae.sh train     # there, call 1: carry [".gpu-train"]
#   scripts/gpu-superae.sh dsc       # there, call 2 (right after): carry [".gpu", ".gl"]
#
# train: lambda 1 and lambda 0 side by side on the GPU, `train_superae.py --paper` (100 epochs,
# batch 10, 320x320 crops, Adam 1e-3) ended early after TRAIN_S [300] s of training if it has
# not finished; each exported to .trained/superae-paper{,-notemplate}; $OUT/train.tar.gz holds
# the exports, checkpoints, logs and summaries.
# dsc: bsds:dsc with those models (webgpu, wgsl kernels), K 8, 32 iterations, 120 px, superpixels
# at full size, each job sharded over processes, all under DSC_S [240] s: val EGB minSize 200 at
# 100/50/20/10 (the model choice), test EGB likewise (Table II), test EGB ~100 on the image and
# on the lambda-0 reconstruction (Table I), then test SLIC and MS (Table II) while time is left.
# $OUT/dsc-*.tar.gz; the split and the scoring happen here. M1, M0 name other model folders.
# TRAIN_EXTRA, DSC_EXTRA: more train_superae.py / bsds:dsc flags; ITERS [32], SIZE [120] (a smoke test here: TRAIN_EXTRA
# "--epochs 2 --crop 32 --batch 100" TRAIN_S 0; SIZE 32, ITERS 2, DSC_EXTRA "--limit 1" with
# VK_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json).
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu-common.sh
. scripts/gpu-common.sh
MAX_CARRY_MIB=63

carry_mib() { # tree + the given ignored folders, in MiB
  local tree extra=0 d
  tree=$(git ls-files -z --cached --others --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
  for d in "$@"; do extra=$((extra + $(du -sb "$d" | cut -f1))); done
  awk -v t=$((tree + extra)) 'BEGIN { printf "%.1f", t / 1048576 }'
}

prepare() {
  set -e
  local src=${BSDS500_DIR:-../shared/bsds500} split
  [ -d "$src/images/test" ] || { echo "gpu-superae: BSDS500 not found (set BSDS500_DIR)" >&2; exit 1; }
  grep -qx '/.gpu-train/' .gitignore && grep -qx '/.trained/' .gitignore ||
    { echo "add /.gpu-train/ and /.trained/ to .gitignore first" >&2; exit 1; }
  rm -rf .gpu-train && mkdir -p .gpu-train/bsds500/images
  for split in train val test; do cp -r "$src/images/$split" .gpu-train/bsds500/images/; done
  /usr/bin/python3 training/bsds_data.py pack --data "$src" --out .gpu-train/templates_ucm0.05.npz
  [ -x .gpu/node.xz ] || [ -f .gpu/node.xz ] || gpu_pack_node_dawn
  rm -rf .gpu/bsds .gpu/val100 .gpu/prev && mkdir -p .gpu/bsds/images
  cp -r "$src/images/val" "$src/images/test" .gpu/bsds/images/
  bash scripts/gpu-campaign.sh bundles
  gpu_fetch_debs
  local a b
  a=$(carry_mib .gpu-train)
  b=$(carry_mib .gpu .gl)
  echo "gpu-superae: call 1 carries $a MiB, call 2 $b MiB (limit 64, ours $MAX_CARRY_MIB)"
  awk -v a="$a" -v b="$b" -v m=$MAX_CARRY_MIB 'BEGIN { exit !(a <= m && b <= m) }' ||
    { echo "gpu-superae: over $MAX_CARRY_MIB MiB" >&2; exit 1; }
}

train() {
  local out=${OUT:-/tmp/gpu-superae-out} limit=${TRAIN_S:-300} lam name pids=()
  local py=${PYTHON:-python3}
  mkdir -p "$out" .trained/runs
  echo "gpu-superae: $(date -u +%T) $(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"
  for lam in 1 0; do
    PYTHONUNBUFFERED=1 $py training/train_superae.py --paper --lam "$lam" --data .gpu-train/bsds500 \
      --templates .gpu-train/templates_ucm0.05.npz --deadline-s "$limit" --threads 4 ${TRAIN_EXTRA:-} \
      --out ".trained/runs/lam$lam" >".trained/runs/lam$lam.stdout.txt" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  for lam in 1 0; do
    echo "gpu-superae: $(date -u +%T) lambda $lam: $(grep -c '^epoch' ".trained/runs/lam$lam.stdout.txt") epochs"
    tail -3 ".trained/runs/lam$lam.stdout.txt"
    name=superae-paper && [ "$lam" = 0 ] && name=superae-paper-notemplate
    $py training/export_tfjs.py --checkpoint ".trained/runs/lam$lam/superae.pt" --out ".trained/$name"
  done
  tar -czf "$out/train.tar.gz" -C .trained .
  ls -la "$out"
}

# Starts bsds:dsc sharded over $1 processes under `timeout $2`, output in $WORK/$3, logs in
# $WORK/logs/$3-I.log; further arguments go to every shard.
PIDS=()
job() {
  local procs=$1 limit=$2 name=$3 && shift 3
  local i
  for ((i = 0; i < procs; i++)); do
    timeout --kill-after=5 "$limit" node "$GPU_RT/bsdsDsc.mjs" --bsds .gpu/bsds --backend webgpu --kernels wgsl \
      --k 8 --iters "${ITERS:-32}" --size "${SIZE:-120}" --superpixels-at full --with-superpixels --out "$WORK/$name" "$@" ${DSC_EXTRA:-} \
      --shard "$i/$procs" >"$WORK/logs/$name-$i.log" 2>&1 &
    PIDS+=($!)
  done
}

dsc() {
  OUT=${OUT:-/tmp/gpu-superae-out}
  WORK=${WORK:-/tmp/gpu-superae}
  local t0 limit=${DSC_S:-240} m1=${M1:-.trained/superae-paper} m0=${M0:-.trained/superae-paper-notemplate}
  local egb='{"minSize":200}' s=100,50,20,10
  t0=$(date +%s)
  [ -f "$m1/model.json" ] && [ -f "$m0/model.json" ] || { echo "gpu-superae: no trained models in .trained (cold machine?)" >&2; exit 3; }
  rm -rf "$WORK" && mkdir -p "$WORK/logs" "$OUT"
  gpu_unpack >/dev/null 2>&1 || echo "gpu-superae: unpack reported an error (going on)"
  echo "gpu-superae: $(date -u +%T) $(gpu_device_name nogpu), node $(node --version)"
  job 4 "$limit" val-egb --split val --settings $s --superpixels egb --superpixel-params "$egb" --model "$m1"
  job 6 "$limit" test-egb --split test --settings $s --superpixels egb --superpixel-params "$egb" --model "$m1"
  job 2 "$limit" test-egb100-img --split test --settings 100 --superpixels egb --superpixel-params "$egb" --on image --model "$m1"
  job 2 "$limit" test-egb100-rec --split test --settings 100 --superpixels egb --superpixel-params "$egb" --model "$m0"
  wait "${PIDS[@]}"
  PIDS=()
  local left=$((limit - ($(date +%s) - t0)))
  echo "gpu-superae: $(date -u +%T) first jobs done, ${left}s left"
  if [ "$left" -gt 30 ]; then
    job 6 "$left" test-slic --split test --settings $s --superpixels slic --model "$m1"
    job 8 "$left" test-ms --split test --settings $s --superpixels ms --model "$m1"
    wait "${PIDS[@]}"
  fi
  local d
  for d in "$WORK"/*/; do
    d=$(basename "$d")
    [ "$d" = logs ] && continue
    echo "gpu-superae: $d $(find "$WORK/$d" -maxdepth 1 -name '*_*.png' | wc -l) maps"
    (cd "$WORK" && tar -czf "$OUT/dsc-$d.tar.gz" "$d")
  done
  (cd "$WORK" && tar -czf "$OUT/dsc-logs.tar.gz" logs)
  ls -la "$OUT"
}

case "${1:-}" in
  prepare) prepare ;;
  train) train ;;
  dsc) dsc ;;
  *) echo "usage: scripts/gpu-superae.sh prepare | train | dsc" >&2; exit 2 ;;
esac

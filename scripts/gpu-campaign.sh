#!/usr/bin/env bash
# One device call that gathers as many results as its time allows (docs/performance.md).
#
#   scripts/gpu-campaign.sh prepare   # here, in the repository root (npm and Debian reachable)
#   scripts/gpu-campaign.sh run       # there: carry [".gpu", ".gl"], timeout_s 560
#   scripts/gpu-campaign.sh bundles   # here: rebuild only the CLI bundles after a change to src/
#
# prepare: .gpu/ with node, Dawn for Node and bundles of benchDsc, bsdsDsc, bsds (the evaluator) and
# segment (scripts/gpu-common.sh), a BSDS500 subset in .gpu/bsds (images/test: all 200;
# images/val and groundTruth/val: every 4th val ID, 25), and Debian's loaders in .gl/. Fails when
# what travels would pass 62 MiB.
# run: phases, each with a time budget taken from one deadline (DEADLINE_S seconds from the start),
# logged with timestamps to $OUT/campaign.log: a. ceilings (PyTorch), b. webgpu smoke test (its
# failure skips every tfjs phase), c. bench the kernel sets, c2. audit, c3. profile, c4. batch mode
# (images per second with 1 and BATCH_N [4] images in flight: BATCH_IMAGES [8] val images,
# BATCH_ITERS [32] iterations, BATCH_S [60] s each), d. val search over configs and variants,
# f. qualitative (in parallel with d), e. test maps for ms, egb, slic with the chosen config, g. pack
# into at most 8 files under $OUT. Knobs (environment): DEADLINE_S [520], P [8] processes per config
# (val) and per algorithm (test), VAL_P, TEST_P, VAL_FRAC [0.4] of the time left for val maps,
# SCORE_S [50], VAL [1] (0: no val search, config A), CONFIGS [A B C D], TEST_ALGOS [ms egb slic] (test jobs; also egb100-img, egb100-rec: test_job_flags), SETTINGS [100,50,20,10], VAL_SETTINGS [SETTINGS],
# SNAPSHOTS [4,16,32,64,128], STOP_LABELS [16,8,4], DSC_ARGS (extra bsds:dsc/segment flags, e.g.
# "--size 48 --iters 2"), VAL_N / TEST_N (first N IDs only), BENCH_SIZE [321x481], BENCH_ITERS [10],
# BENCH_WARMUP [3], BENCH_S [45] per kernel set, PROFILE_S [40], BENCH_KERNELS [wgsl matmul fused] (DSC runs use the fastest; KERNELS forces one), PYTHON [python3, with PyTorch], SMOKE_S [60], TEST_PARALLEL [0], QUAL_IDS,
# QUAL [1] (0: no qualitative phase), QUAL_COUNT [20], TEST_ARGS (extra bsds:dsc flags of the test jobs alone, e.g.
# --with-superpixels), WORK [/tmp/gpu-campaign], BSDS [.gpu/bsds], OUT [/tmp/gpu-campaign-out].
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu-common.sh
. scripts/gpu-common.sh
MAX_CARRY_MIB=62

# The CLI bundles alone (after a change to src/, without repacking node and the data).
bundles() {
  rm -rf .gpu/chunks .gpu/*.mjs .gpu/*.mjs.xz
  gpu_bundle src/cli/benchDsc.ts src/cli/bsdsDsc.ts src/cli/bsds.ts src/cli/segment.ts src/cli/profileDsc.ts src/cli/auditDsc.ts
  # They travel xz-compressed: what travels is near its limit.
  local f
  for f in .gpu/*.mjs .gpu/chunks/*.mjs; do xz -T0 -9 "$f"; done
}

prepare() {
  set -e
  local src=${BSDS500_DIR:-../shared/bsds500}
  [ -d "$src/images/test" ] || src=/work/shared/bsds500
  [ -d "$src/images/test" ] || { echo "gpu-campaign: BSDS500 not found (set BSDS500_DIR)" >&2; exit 1; }
  gpu_pack_node_dawn
  bundles
  mkdir -p .gpu/bsds/images/test .gpu/bsds/images/val .gpu/bsds/groundTruth/val
  cp "$src"/images/test/*.jpg .gpu/bsds/images/test/
  local i=0 id
  for id in $(find "$src/images/val" -name '*.jpg' -printf '%f\n' | sed 's/\.jpg$//' | sort); do
    if [ $((i % 4)) -eq 0 ]; then
      cp "$src/images/val/$id.jpg" .gpu/bsds/images/val/
      cp "$src/groundTruth/val/$id.mat" .gpu/bsds/groundTruth/val/
    fi
    i=$((i + 1))
  done
  gpu_fetch_debs
  echo "gpu-campaign: $(ls .gpu/bsds/images/test | wc -l) test, $(ls .gpu/bsds/images/val | wc -l) val images"
  local tree gpu gl total
  tree=$(git ls-files -z --cached --others --exclude-standard | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
  gpu=$(du -sb .gpu | cut -f1)
  gl=$(du -sb .gl | cut -f1)
  total=$((tree + gpu + gl))
  awk -v t="$total" -v a="$tree" -v g="$gpu" -v l="$gl" -v m="$MAX_CARRY_MIB" 'BEGIN { M = 1048576;
    printf "gpu-campaign: carry %.1f MiB = tree %.1f + .gpu %.1f + .gl %.1f (device limit 64, ours %d)\n", t/M, a/M, g/M, l/M, m }'
  [ "$total" -le $((MAX_CARRY_MIB * 1048576)) ] || { echo "gpu-campaign: over $MAX_CARRY_MIB MiB" >&2; exit 1; }
  echo 'gpu-campaign: ready. Device tool: carry [".gpu", ".gl"], command "bash scripts/gpu-campaign.sh run", timeout_s 560'
}

# ---------------------------------------------------------------------------------------------
T0=$(date +%s)
now() { date +%s; }
left() { echo $((T0 + DEADLINE_S - $(now))); } # seconds to the deadline
log() { printf '[%s +%ss] %s\n' "$(date -u +%H:%M:%S)" $(($(now) - T0)) "$*" | tee -a "$LOG" >&2; }
# min(a, b), at least 1
cap() { local a=$1 b=$2; [ "$b" -lt "$a" ] && a=$b; [ "$a" -lt 1 ] && a=1; echo "$a"; }
# Runs a command with a time limit, its output appended to the log; returns its status.
phase_cmd() {
  local limit=$1 && shift
  log "\$ timeout ${limit}s $*"
  timeout --kill-after=5 "$limit" "$@" >>"$LOG" 2>&1
  local rc=$?
  log "exit $rc"
  return $rc
}
count_maps() { find "$1" -maxdepth 1 -name '*_*.png' 2>/dev/null | wc -l; }

config_flags() {
  case $1 in
    A) echo "--beta 1" ;;
    B) echo "--beta 0" ;;
    C) echo "--beta 1 --r 120" ;;
    D) echo "--beta 1 --cut plain" ;;
    K16) echo "--beta 1 --k 16" ;; # at most 16 / 8 regions (docs/results.md, "how many clusters K")
    K8) echo "--beta 1 --k 8" ;;
    *) echo "unknown config $1" >&2; return 1 ;;
  esac
}

# A test job: its superpixel algorithm, then its other bsds:dsc flags. ms, egb, slic: Table II's
# rows at SETTINGS; egb100-img and egb100-rec: Table I's IMG + DSC and REC + DSC (EGB ~100 on the
# photograph, on the reconstruction of the SuperAE trained without the template term). EGB with
# minSize 200, and every job, unless the configuration sets K, with K 8: chosen on val
# (docs/results.md, "EGB's minimum segment size", "DSC on val from EGB with minSize 200", "K and
# splitting for MS and SLIC"). The connected-component split is applied afterwards, here.
EGB_PARAMS='--superpixel-params {"minSize":200}'
test_job_flags() {
  local k="--k 8"
  case " $(config_flags "${cfg:-A}") " in *" --k "*) k="" ;; esac
  local egb="$EGB_PARAMS $k"
  case $1 in
    ms | slic) echo "$1 --settings $SETTINGS $k" ;;
    egb) echo "egb --settings $SETTINGS $egb" ;;
    egb100-img) echo "egb --settings 100 --on image $egb" ;;
    egb100-rec) echo "egb --settings 100 --model models/superae-notemplate $egb" ;;
    *) echo "unknown test job $1" >&2; return 1 ;;
  esac
}

# Starts bsds:dsc sharded over $1 processes, each under `timeout $2`, logs in $WORK/logs/$3-I.log;
# further arguments go to every shard. Their PIDs are added to SHARD_PIDS.
SHARD_PIDS=()
sharded_dsc() {
  local procs=$1 limit=$2 name=$3 && shift 3
  local i
  for ((i = 0; i < procs; i++)); do
    timeout --kill-after=5 "$limit" node "$GPU_RT/bsdsDsc.mjs" "$@" --shard "$i/$procs" \
      >"$WORK/logs/$name-$i.log" 2>&1 &
    SHARD_PIDS+=($!)
  done
}

run() {
  DEADLINE_S=${DEADLINE_S:-520}
  OUT=${OUT:-/tmp/gpu-campaign-out}
  WORK=${WORK:-/tmp/gpu-campaign}
  P=${P:-8}
  VAL_P=${VAL_P:-$P}
  TEST_P=${TEST_P:-$P}
  VAL_FRAC=${VAL_FRAC:-0.4}
  SCORE_S=${SCORE_S:-50}
  PACK_S=${PACK_S:-25}
  CONFIGS=${CONFIGS:-A B C D}
  TEST_ALGOS=${TEST_ALGOS:-ms egb slic}
  SETTINGS=${SETTINGS:-100,50,20,10}
  # Fewer val settings finish more val images: the H200 run compared nothing with all four.
  VAL_SETTINGS=${VAL_SETTINGS:-$SETTINGS}
  SNAPSHOTS=${SNAPSHOTS:-4,16,32,64,128}
  STOP_LABELS=${STOP_LABELS:-16,8,4}
  DSC_ARGS=${DSC_ARGS:-}
  BENCH_SIZE=${BENCH_SIZE:-321x481}
  BENCH_ITERS=${BENCH_ITERS:-10}
  BENCH_WARMUP=${BENCH_WARMUP:-3}
  BENCH_KERNELS=${BENCH_KERNELS:-wgsl matmul fused}
  AUDIT_S=${AUDIT_S:-40}
  BATCH_N=${BATCH_N:-4}
  BATCH_IMAGES=${BATCH_IMAGES:-8}
  BATCH_ITERS=${BATCH_ITERS:-32}
  BATCH_S=${BATCH_S:-60}
  QUAL_COUNT=${QUAL_COUNT:-20}
  BSDS=${BSDS:-.gpu/bsds}
  mkdir -p "$OUT" && rm -rf "$WORK" && mkdir -p "$WORK/logs" "$WORK/results"
  LOG=$OUT/campaign.log
  : >"$LOG"
  log "gpu-campaign run: deadline ${DEADLINE_S}s, P=$P (val $VAL_P per config, test $TEST_P per algorithm), configs $CONFIGS, algorithms $TEST_ALGOS, DSC_ARGS '$DSC_ARGS'"
  [ -f .gpu/node.xz ] || { log "FAIL: .gpu/ is missing: run 'scripts/gpu-campaign.sh prepare' first"; return 1; }
  gpu_unpack >>"$LOG" 2>&1 || log "unpack reported an error (going on)"
  log "node $(node --version 2>&1), VK_DRIVER_FILES=$VK_DRIVER_FILES, $(nproc) cores"
  local device has_gpu=0
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >>"$LOG" 2>&1; then has_gpu=1; fi
  device=$(gpu_device_name nogpu)
  log "device: $device"
  local common=(--superpixels ms --backend webgpu --snapshots "$SNAPSHOTS" --stop-labels "$STOP_LABELS")
  # shellcheck disable=SC2206
  local extra=($DSC_ARGS)

  # a. ceilings
  if [ $has_gpu = 1 ]; then
    log "== a. ceilings"
    PYTHONUNBUFFERED=1 phase_cmd "$(cap 20 "$(left)")" "${PYTHON:-python3}" scripts/gpu_campaign.py ceilings "$WORK/results/ceilings-$device.json"
  else
    log "== a. ceilings skipped: no nvidia-smi"
  fi

  # b. smoke
  log "== b. smoke: webgpu 24x32"
  local smoke=1 icd
  # The driver named by VK_DRIVER_FILES first; should Dawn find no adapter, the other places the
  # NVIDIA ICD may be, then the loader's own search.
  for icd in "$VK_DRIVER_FILES" /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json none; do
    [ "$icd" = none ] || [ -f "$icd" ] || continue
    if [ "$icd" = none ]; then unset VK_DRIVER_FILES; else export VK_DRIVER_FILES=$icd; fi
    log "VK_DRIVER_FILES=${VK_DRIVER_FILES:-(unset)}"
    if phase_cmd "$(cap "${SMOKE_S:-60}" "$(left)")" node "$GPU_RT/benchDsc.mjs" --backend webgpu --size 24x32 --iters 2 \
      --warmup 1 --json "$WORK/results/smoke-$device.json"; then
      smoke=0 && cat "$WORK/results/smoke-$device.json" >>"$LOG"
      break
    fi
    [ "$(left)" -gt 200 ] || break
  done
  if [ $smoke != 0 ]; then
    log "FAIL: webgpu smoke test failed: skipping every tfjs phase"
  else
    # c. bench
    log "== c. bench ${BENCH_SIZE}, kernel sets: ${BENCH_KERNELS}"
    local k ref=(--pytorch --python "${PYTHON:-python3}")
    for k in $BENCH_KERNELS; do
      # The PyTorch reference runs once, with the first kernel set (the others' ratio follows).
      phase_cmd "$(cap "${BENCH_S:-45}" "$(($(left) - 60))")" node "$GPU_RT/benchDsc.mjs" --backend webgpu --size "$BENCH_SIZE" \
        --iters "$BENCH_ITERS" --warmup "$BENCH_WARMUP" --kernels "$k" "${ref[@]}" \
        --json "$WORK/results/bench-dsc-$device-$k.json"
      ref=()
      [ -f "$WORK/results/bench-dsc-$device-$k.json" ] && cat "$WORK/results/bench-dsc-$device-$k.json" >>"$LOG"
    done
    # The DSC runs below use the fastest kernel set measured (all give the same numbers).
    local fastest
    fastest=$(python3 -c "
import json, sys
best = None
for k in sys.argv[2:]:
    try:
        ms = json.load(open(f'{sys.argv[1]}-{k}.json'))['ms_per_iter']
    except Exception:
        continue
    if best is None or ms < best[1]:
        best = (k, ms)
print(best[0] if best else 'auto')
" "$WORK/results/bench-dsc-$device" $BENCH_KERNELS 2>>"$LOG")
    KERNELS=${KERNELS:-${fastest:-auto}}
    common+=(--kernels "$KERNELS")
    log "DSC runs use --kernels $KERNELS"

    # c2. audit: each kernel's GPU time (timestamp queries) and the host's CPU side alone
    log "== c2. audit ${BENCH_SIZE}: --timestamps, then --empty, kernels $KERNELS"
    phase_cmd "$(cap "$AUDIT_S" "$(($(left) - 60))")" node "$GPU_RT/auditDsc.mjs" --size "$BENCH_SIZE" --kernels "$KERNELS" \
      --iters 5 --warmup 3 --timestamps --list --json "$WORK/results/audit-dsc-$device-$KERNELS.json"
    phase_cmd "$(cap "$AUDIT_S" "$(($(left) - 60))")" node "$GPU_RT/auditDsc.mjs" --size "$BENCH_SIZE" --kernels "$KERNELS" \
      --iters 5 --warmup 3 --empty --json "$WORK/results/audit-dsc-$device-$KERNELS-empty.json"

    # c3. profile: the pieces alone, among them both input gradients of the 'wgsl' convolutions
    # (Conv2DBackpropInput against matmul + col2im, conv3x3.ts), to pick one
    log "== c3. profile ${BENCH_SIZE}"
    phase_cmd "$(cap "${PROFILE_S:-40}" "$(($(left) - 60))")" node "$GPU_RT/profileDsc.mjs" --backend webgpu \
      --size "$BENCH_SIZE" --reps 3 --json "$WORK/results/profile-dsc-$device.json"

    # c4. batch mode (issue 8, item 3): val images per second with 1 and BATCH_N images in flight
    # in one process (bsds:dsc --concurrent), same images, one setting, BATCH_ITERS iterations
    log "== c4. batch mode: --concurrent 1 and $BATCH_N, first $BATCH_IMAGES val images"
    local bids n bextra=() i
    # DSC_ARGS's own --iters gives way to BATCH_ITERS (bsds:dsc refuses a flag given twice).
    for ((i = 0; i < ${#extra[@]}; i++)); do
      if [ "${extra[i]}" = --iters ]; then i=$((i + 1)); else bextra+=("${extra[i]}"); fi
    done
    bids=$(find "$BSDS/images/val" -name '*.jpg' -printf '%f\n' | sed 's/\.jpg$//' | sort | head -n "$BATCH_IMAGES" | tr '\n' ',')
    for n in 1 "$BATCH_N"; do
      phase_cmd "$(cap "$BATCH_S" "$(($(left) - 60))")" node "$GPU_RT/bsdsDsc.mjs" --bsds "$BSDS" --split val --ids "${bids%,}" \
        --settings 100 --superpixels ms --backend webgpu --kernels "$KERNELS" --k 8 --iters "$BATCH_ITERS" "${bextra[@]}" \
        --concurrent "$n" --out "$WORK/batch/c$n"
      grep -h '^bsds:dsc: .* runs in' "$LOG" | tail -n 1 >>"$WORK/results/batch-$device.txt"
    done

    # f. qualitative, in the background from here on
    local quals=${QUAL_IDS:-$(find "$BSDS/images/test" -name '*.jpg' -printf '%f\n' | sed 's/\.jpg$//' | sort | awk 'NR % 50 == 1' | head -4 | tr '\n' ' ')}
    [ "${QUAL:-1}" = 0 ] && quals=""
    log "== f. qualitative (background): segment --snapshots 64,128, MS, count $QUAL_COUNT, images: ${quals:-none}"
    local qpids=() q
    mkdir -p "$WORK/qual"
    for q in $quals; do
      timeout --kill-after=5 "$(cap 240 "$(($(left) - 30))")" node "$GPU_RT/segment.mjs" "$BSDS/images/test/$q.jpg" \
        --out "$WORK/qual" --superpixels ms --count "$QUAL_COUNT" --backend webgpu --kernels "$KERNELS" --snapshots 64,128 "${extra[@]}" \
        >"$WORK/logs/qual-$q.log" 2>&1 &
      qpids+=($!)
    done

    # d. val search (VAL=0: none, config A's maps after the last iteration, the choice of the CPU
    # search in docs/results.md, so that the test phase gets the time)
    local choice cfg variant
    if [ "${VAL:-1}" = 0 ]; then
      cfg=A variant=it128
      log "== d. val search skipped (VAL=0): config $cfg ($(config_flags "$cfg")), variant $variant"
    else
    local valids=$WORK/val-ids.txt
    find "$BSDS/images/val" -name '*.jpg' -printf '%f\n' | sed 's/\.jpg$//' | sort | head -n "${VAL_N:-1000}" >"$valids"
    local val_s
    val_s=$(python3 -c "print(max(1, int(($(left) - $SCORE_S - $PACK_S) * $VAL_FRAC)))")
    log "== d. val search: $(wc -l <"$valids") images, configs $CONFIGS, ${VAL_P} shards each, ${val_s}s"
    local c
    SHARD_PIDS=()
    for c in $CONFIGS; do
      # shellcheck disable=SC2046
      sharded_dsc "$VAL_P" "$val_s" "val-$c" --bsds "$BSDS" --split val --ids-from "$valids" \
        --out "$WORK/val/$c" "${common[@]}" --settings "$VAL_SETTINGS" $(config_flags "$c") "${extra[@]}"
    done
    wait "${SHARD_PIDS[@]}" 2>/dev/null
    for c in $CONFIGS; do log "val $c: $(count_maps "$WORK/val/$c") final maps"; done
    log "-- scoring val variants (${SCORE_S}s)"
    local folders score_s
    score_s=$(cap "$SCORE_S" "$(($(left) - PACK_S - 30))")
    # shellcheck disable=SC2086
    folders=$(python3 scripts/gpu_campaign.py val-links "$WORK" $CONFIGS 2>>"$LOG")
    mkdir -p "$WORK/valscores"
    local spids=() f
    for f in $folders; do
      timeout --kill-after=5 "$score_s" node "$GPU_RT/bsds.mjs" --pred "$WORK/valscore/$f" --gt "$BSDS/groundTruth/val" \
        --format png --workers 0 --no-progress --json "$WORK/valscores/${f/\//-}.json" >"$WORK/logs/score-${f/\//-}.log" 2>&1 &
      spids+=($!)
      # One evaluator per core (the qualitative jobs may still run), so the first ones finish.
      while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
    done
    [ ${#spids[@]} -gt 0 ] && wait "${spids[@]}" 2>/dev/null
    # shellcheck disable=SC2086
    choice=$(python3 scripts/gpu_campaign.py val-pick "$WORK" "$OUT/val-search.json" $CONFIGS 2>>"$LOG")
    read -r cfg variant <<<"${choice:-A it128}"
    log "val choice: config $cfg ($(config_flags "$cfg")), variant $variant"
    python3 -c "import json;d=json.load(open('$OUT/val-search.json'));[print(r['config'],r['variant'],r.get('images'),round(r['sc_ods'],4) if 'sc_ods' in r else r.get('error')) for r in d['table']]" >>"$LOG" 2>&1
    fi

    # e. test
    local testids=$WORK/test-ids.txt a
    find "$BSDS/images/test" -name '*.jpg' -printf '%f\n' | sed 's/\.jpg$//' | sort | head -n "${TEST_N:-1000}" >"$testids"
    # One algorithm after the other (each gets what the earlier ones left), or all at once with
    # TEST_PARALLEL=1.
    SHARD_PIDS=()
    for a in $TEST_ALGOS; do
      local test_s=$(($(left) - 5))
      if [ "$test_s" -lt 15 ]; then log "test $a: skipped, ${test_s}s left"; continue; fi
      log "== e. test $a: $(wc -l <"$testids") images, config $cfg, ${TEST_P} shards, ${test_s}s"
      local common_a=("${common[@]}")
      local job
      # shellcheck disable=SC2207
      job=($(test_job_flags "$a")) || continue
      common_a[1]=${job[0]}
      # shellcheck disable=SC2046
      sharded_dsc "$TEST_P" "$test_s" "test-$a" --bsds "$BSDS" --split test --ids-from "$testids" \
        --out "$WORK/test/$a" "${common_a[@]}" "${job[@]:1}" $(config_flags "$cfg") "${extra[@]}" ${TEST_ARGS:-}
      if [ "${TEST_PARALLEL:-0}" != 1 ]; then
        wait "${SHARD_PIDS[@]}" 2>/dev/null
        SHARD_PIDS=()
      fi
    done
    [ ${#SHARD_PIDS[@]} -gt 0 ] && wait "${SHARD_PIDS[@]}" 2>/dev/null
    for a in $TEST_ALGOS; do
      log "test $a: $(count_maps "$WORK/test/$a") (image, setting) pairs complete, $(count_maps "$WORK/test/$a/$variant") in $variant"
    done
    [ ${#qpids[@]} -gt 0 ] && wait "${qpids[@]}" 2>/dev/null
    log "qualitative: $(find "$WORK/qual" -name '*.png' | wc -l) PNGs"
  fi

  # g. pack
  log "== g. pack"
  for f in "$WORK"/logs/*.log; do [ -e "$f" ] && { echo "--- $(basename "$f") (tail)"; tail -c 1500 "$f"; } >>"$LOG"; done
  local specs=("results=results,valscores,val/*/params.json,qual,logs,val-ids.txt,test-ids.txt")
  for a in $TEST_ALGOS; do
    [ -d "$WORK/test/$a" ] && specs+=("test-$a=test/$a/*.png,test/$a/params.json,test/$a/${variant:-it128},test/$a/superpixels")
  done
  (cd "$WORK" && python3 "$OLDPWD/scripts/gpu_campaign.py" pack "$OUT" 15.5 "${specs[@]}") >>"$LOG" 2>&1
  log "done: $(ls "$OUT" | tr '\n' ' ')"
}

# In braces: bash parses all of it before running, so editing this file during a run is safe.
{
case "${1:-}" in
  prepare) prepare ;;
  bundles) set -e && bundles ;;
  run) run ;;
  *) echo "usage: scripts/gpu-campaign.sh prepare | bundles | run" >&2; exit 2 ;;
esac
exit
}

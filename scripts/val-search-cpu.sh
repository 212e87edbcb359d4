#!/usr/bin/env bash
# The DSC parameter search on the BSDS500 val split, on CPUs (tfjs wasm backend), at a small
# working resolution with the superpixels at the image's own size (--superpixels-at full).
#
#   bash scripts/val-search-cpu.sh run     # bsds:dsc per configuration (P processes), then score
#   bash scripts/val-search-cpu.sh score   # score what is there (also after a partial run)
#
# Environment (defaults in brackets): WORK [/tmp/val-search-cpu], OUT [results/val-search-cpu.json],
# CONFIGS [N1 A N0 N1r], P [2] processes, LIMIT [8] first val images, SETTINGS [100,20],
# SIZE [120] working long side, ALGO [ms], SNAPSHOTS [16,32,64], STOP_LABELS [16,8,4].
# Scores compare configurations on the images every one of them finished (all settings and
# variants); scripts/gpu_campaign.py does the bookkeeping (val-links, val-pick).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-/tmp/val-search-cpu}
OUT=${OUT:-results/val-search-cpu.json}
CONFIGS=${CONFIGS:-N1 A N0 N1r}
P=${P:-2}
LIMIT=${LIMIT:-8}
SETTINGS=${SETTINGS:-100,20}
SIZE=${SIZE:-120}
ALGO=${ALGO:-ms}
SNAPSHOTS=${SNAPSHOTS:-16,32,64}
STOP_LABELS=${STOP_LABELS:-16,8,4}
BSDS=${BSDS500_DIR:-../shared/bsds500}

config_flags() {
  case $1 in
    A) echo "--beta 1" ;; # the placeholder defaults
    N1) echo "--embedding-norm batch --beta 1" ;;
    N0) echo "--embedding-norm batch --beta 0" ;;
    N4) echo "--embedding-norm batch --beta 4" ;;
    N1r) echo "--embedding-norm batch --beta 1 --r 40" ;;
    C1) echo "--embedding-norm center --beta 1" ;;
    S1) echo "--embedding-norm scale --beta 1" ;;
    *) echo "unknown config $1" >&2; return 1 ;;
  esac
}

run() {
  mkdir -p "$WORK/logs"
  for c in $CONFIGS; do
    local pids=() i
    for ((i = 0; i < P; i++)); do
      # shellcheck disable=SC2046
      nice npx tsx src/cli/bsdsDsc.ts --split val --limit "$LIMIT" --settings "$SETTINGS" --size "$SIZE" \
        --superpixels-at full --superpixels "$ALGO" --snapshots "$SNAPSHOTS" --stop-labels "$STOP_LABELS" \
        --backend wasm --resume --out "$WORK/val/$c" --shard "$i/$P" $(config_flags "$c") \
        >"$WORK/logs/$c-$i.log" 2>&1 &
      pids+=($!)
    done
    wait "${pids[@]}"
    echo "$(date -u +%H:%M:%S) config $c done" >&2
  done
}

score() {
  rm -rf "$WORK/valscore" "$WORK/valscores" && mkdir -p "$WORK/valscores"
  local folders f
  # shellcheck disable=SC2086
  folders=$(python3 scripts/gpu_campaign.py val-links "$WORK" $CONFIGS)
  for f in $folders; do
    nice npx tsx src/cli/bsds.ts --pred "$WORK/valscore/$f" --gt "$BSDS/groundTruth/val" --format png \
      --no-progress --json "$WORK/valscores/${f/\//-}.json" >/dev/null
  done
  # shellcheck disable=SC2086
  python3 scripts/gpu_campaign.py val-pick "$WORK" "$OUT" $CONFIGS
  python3 - "$OUT" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{'config':6} {'variant':8} {'n':>3} {'SC ODS':>7} {'SC OIS':>7} {'PRI ODS':>7} {'VI ODS':>7}")
for r in sorted(d["table"], key=lambda r: -r.get("sc_ods", -1)):
    if "sc_ods" in r:
        print(f"{r['config']:6} {r['variant']:8} {r['images']:>3} {r['sc_ods']:7.4f} {r['sc_ois']:7.4f} {r['pri_ods']:7.4f} {r['vi_ods']:7.4f}")
EOF
}

case ${1:-} in
  run) run && score ;;
  score) score ;;
  *) echo "usage: bash scripts/val-search-cpu.sh run|score" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# DSC on the BSDS500 val split, on CPUs (tfjs wasm backend), one superpixel count (100), per
# superpixel algorithm and number of clusters K: does DSC improve on the superpixels it starts
# from, and how many regions should it be allowed (the paper's Table IV controls K)?
#
#   bash scripts/val-k-search-cpu.sh run     # bsds:dsc per configuration, one process, then score
#   bash scripts/val-k-search-cpu.sh score   # score what is there
#
# Environment (defaults in brackets): WORK [/tmp/val-k-search-cpu], OUT [results/val-k-search-cpu.json],
# CONFIGS [slic-K32 slic-K8 ms-K8 slic-K16], LIMIT [16] first val images, SIZE [120] working long
# side. Each configuration is ALGO-K<k>; the superpixels are computed at the image's own size on
# the SuperAE reconstruction and each partition is voted back onto them (--superpixels-at full),
# the other DSC options are the defaults (docs/method.md).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/val-k-search-cpu}
OUT=${OUT:-results/val-k-search-cpu.json}
CONFIGS=${CONFIGS:-slic-K32 slic-K8 ms-K8 slic-K16}
LIMIT=${LIMIT:-16}
SIZE=${SIZE:-120}
BSDS=${BSDS500_DIR:-../shared/bsds500}

run() {
  mkdir -p "$WORK"
  local c
  for c in $CONFIGS; do
    nice npx tsx src/cli/bsdsDsc.ts --split val --limit "$LIMIT" --settings 100 --size "$SIZE" --superpixels-at full \
      --on reconstruction --backend wasm --snapshots 32,64 --with-superpixels --resume --out "$WORK/$c" \
      --superpixels "${c%-K*}" --k "${c##*-K}" >"$WORK/$c.log" 2>&1
    echo "$(date -u +%H:%M:%S) $c done" >&2
  done
}

score() {
  local c v
  mkdir -p "$WORK/scores"
  for c in $CONFIGS; do
    [ -d "$WORK/$c" ] || continue
    for v in final superpixels it32 it64; do
      local dir=$WORK/$c
      [ "$v" = final ] || dir=$WORK/$c/$v
      nice npx tsx src/cli/bsds.ts --pred "$dir" --gt "$BSDS/groundTruth/val" --format png --no-progress --workers 1 \
        --json "$WORK/scores/$c-$v.json" >/dev/null
    done
  done
  python3 - "$WORK/scores" "$OUT" $CONFIGS <<'EOF'
import json, os, sys
scores, out, cfgs = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = []
for c in cfgs:
    for v in ("superpixels", "final", "it32", "it64"):
        p = os.path.join(scores, f"{c}-{v}.json")
        if not os.path.exists(p):
            continue
        d = json.load(open(p))
        rows.append({"config": c, "variant": v, "images": d["images"], "sc": d["sc"]["ods"], "pri": d["pri"]["ods"], "vi": d["vi"]["ods"]})
json.dump({"setting": 100, "rows": rows}, open(out, "w"), indent=1)
print(f"{'config':10} {'variant':12} {'n':>3} {'SC':>6} {'PRI':>6} {'VI':>6}")
for r in rows:
    print(f"{r['config']:10} {r['variant']:12} {r['images']:>3} {r['sc']:.4f} {r['pri']:.4f} {r['vi']:.4f}")
EOF
}

case ${1:-} in
  run) run && score ;;
  score) score ;;
  *) echo "usage: bash scripts/val-k-search-cpu.sh run|score" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Table II "superpixels on the image" rows: SLIC, EGB and mean shift on the BSDS500 test split,
# counts 100/50/20/10 as the four settings, scored by the region benchmark (SC, PRI, VI at ODS/OIS).
#   scripts/bsds-img-table.sh [ALGOS] [LABEL_DIR]
# ALGOS defaults to "egb slic ms"; label PNGs go to LABEL_DIR (default /tmp/bsds-img), the
# summaries to results/test-<algo>-img.json. Times each step (wall seconds) on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
algos=${1:-egb slic ms}
labels=${2:-/tmp/bsds-img}
gt=${BSDS500_DIR:-../shared/bsds500}/groundTruth/test
mkdir -p results
for a in $algos; do
  t0=$(date +%s)
  npm run -s bsds:superpixels -- --split test --algo "$a" --counts 100,50,20,10 --out "$labels/$a"
  t1=$(date +%s)
  npm run -s bsds -- --pred "$labels/$a" --gt "$gt" --format png --no-progress \
    --json "results/test-$a-img.json"
  t2=$(date +%s)
  echo "$a: superpixels $((t1 - t0)) s, benchmark $((t2 - t1)) s"
done

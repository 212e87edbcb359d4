#!/usr/bin/env bash
# Scores a partly finished folder of maps beside the maps it started from, on the same images:
#
#   bash scripts/score-matched.sh DONE_DIR BASE_DIR SPLIT OUT_PREFIX [SETTINGS]
#
# Takes the image IDs that have every setting in DONE_DIR (ID_<setting>.png; SETTINGS defaults to
# the settings found there), links those maps of DONE_DIR and of BASE_DIR into two folders and
# writes OUT_PREFIX-done.json, OUT_PREFIX-base.json (npm run bsds -- --json), the per-image
# OUT_PREFIX-done.csv, OUT_PREFIX-base.csv (--csv, for training/paired_compare.py) and
# OUT_PREFIX-ids.txt (the IDs, sorted). For a DSC run cut short: DONE_DIR its maps, BASE_DIR the
# superpixels it started from.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { echo "usage: bash scripts/score-matched.sh DONE_DIR BASE_DIR SPLIT OUT_PREFIX [SETTINGS]" >&2; exit 2; }
done_dir=$1 base_dir=$2 split=$3 prefix=$4 settings=${5:-}
BSDS=${BSDS500_DIR:-../shared/bsds500}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$done_dir" "$base_dir" "$prefix-ids.txt" "$tmp" "$settings" <<'EOF'
import os, re, sys
done, base, ids_out, tmp, settings = sys.argv[1:6]
found = {}
for f in os.listdir(done):
    m = re.fullmatch(r"(\w+)_(\d+)\.png", f)
    if m:
        found.setdefault(m[1], set()).add(int(m[2]))
want = {int(s) for s in settings.split(",")} if settings else set().union(*found.values()) if found else set()
ids = sorted(i for i, s in found.items() if want <= s and all(os.path.exists(os.path.join(base, f"{i}_{k}.png")) for k in want))
if not ids:
    sys.exit("score-matched: no image has every setting in both folders")
for side, src in (("done", done), ("base", base)):
    os.makedirs(os.path.join(tmp, side))
    for i in ids:
        for k in want:
            os.symlink(os.path.abspath(os.path.join(src, f"{i}_{k}.png")), os.path.join(tmp, side, f"{i}_{k}.png"))
open(ids_out, "w").write("\n".join(ids) + "\n")
print(f"score-matched: {len(ids)} images, settings {sorted(want)}", file=sys.stderr)
EOF
for side in done base; do
  nice npx tsx src/cli/bsds.ts --pred "$tmp/$side" --gt "$BSDS/groundTruth/$split" --format png --no-progress --workers 1 \
    --json "$prefix-$side.json" --csv "$prefix-$side.csv"
done

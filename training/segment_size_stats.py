"""How evenly a folder of label PNGs (ID_<count>.png, 16-bit, label + 1) splits each image: the
median number of segments covering 90% of the pixels, the mean share of the largest and of the 10
largest, and the median number of segments under 200 pixels (docs/results.md, Table I and Table II gaps).

  /usr/bin/python3 training/segment_size_stats.py --count 100 /tmp/bsds-img/egb /work/recon/sp-rec/egb
"""
import argparse
import os

import numpy as np
from PIL import Image


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dirs", nargs="+", help="folders of ID_<count>.png label maps")
    p.add_argument("--count", type=int, default=100, help="which setting's maps to read")
    a = p.parse_args()
    for d in a.dirs:
        files = sorted(f for f in os.listdir(d) if f.endswith(f"_{a.count}.png"))
        if not files:
            raise SystemExit(f"{d}: no *_{a.count}.png")
        n90, top1, top10, small = [], [], [], []
        for f in files:
            labels = np.array(Image.open(os.path.join(d, f))).astype(np.int64).ravel()
            sizes = np.bincount(labels)[1:]
            sizes = np.sort(sizes[sizes > 0])[::-1]
            share = np.cumsum(sizes) / sizes.sum()
            n90.append(int(np.searchsorted(share, 0.9)) + 1)
            top1.append(share[0])
            top10.append(share[min(9, len(share) - 1)])
            small.append(int((sizes < 200).sum()))
        print(f"{d}: {len(files)} maps, segments covering 90% of pixels: median {np.median(n90):g}; "
              f"share of the largest: mean {np.mean(top1):.2f}; of the 10 largest: mean {np.mean(top10):.2f}; segments < 200 px: median {np.median(small):g}")


if __name__ == "__main__":
    main()

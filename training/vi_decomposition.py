"""Splits the variation of information of one setting of a segmentation run into its two halves
(docs/results.md, "Why VI stays short"): VI(S, G) = H(S|G) + H(G|S), log2, per image the mean over
its human segmentations, as `npm run bsds` computes VI. H(S|G) grows when S cuts a human region
(over-segmentation), H(G|S) when one region of S spans several human regions (under-segmentation).

  /usr/bin/python3 training/vi_decomposition.py --gt ../shared/bsds500/groundTruth/test --pred DIR --setting S
  /usr/bin/python3 training/vi_decomposition.py --gt ../shared/bsds500/groundTruth/test --ucm2 DIR --threshold T

--pred reads DIR/ID_<S>.png (label + 1, 8- or 16-bit); --ucm2 reads DIR/ID.mat and takes the
8-connected components of ucm2 <= T at every second pixel, as the benchmark does. Prints the means
over the images, and the mean regions per image of S and of the human segmentations.
"""
import argparse
import os

import numpy as np
import scipy.io
import scipy.ndimage as ndi
from PIL import Image


def entropy(counts):
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum())


def conditional_entropies(s, g):
    """(H(S|G), H(G|S)) in bits for two label arrays of one image."""
    _, si = np.unique(s.ravel(), return_inverse=True)
    _, gi = np.unique(g.ravel(), return_inverse=True)
    joint = np.bincount(si * (gi.max() + 1) + gi).astype(np.float64)
    h_joint = entropy(joint)
    h_s = entropy(np.bincount(si).astype(np.float64))
    h_g = entropy(np.bincount(gi).astype(np.float64))
    return h_joint - h_g, h_joint - h_s


def read_gt(path):
    gts = scipy.io.loadmat(path)["groundTruth"][0]
    return [g["Segmentation"][0][0] for g in gts]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gt", required=True, help="groundTruth/<split> folder of ID.mat")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--pred", help="folder of ID_<setting>.png label maps")
    src.add_argument("--ucm2", help="folder of ID.mat ucm2 maps")
    p.add_argument("--setting", help="with --pred: which ID_<setting>.png")
    p.add_argument("--threshold", type=float, help="with --ucm2: the cut")
    a = p.parse_args()
    if a.pred and a.setting is None or a.ucm2 and a.threshold is None:
        p.error("--pred needs --setting, --ucm2 needs --threshold")
    ids = sorted(f[:-4] for f in os.listdir(a.gt) if f.endswith(".mat"))
    rows = []
    for iid in ids:
        if a.pred:
            path = os.path.join(a.pred, f"{iid}_{a.setting}.png")
            if not os.path.isfile(path):
                raise SystemExit(f"missing {path}")
            s = np.array(Image.open(path)).astype(np.int64)
        else:
            ucm = scipy.io.loadmat(os.path.join(a.ucm2, iid + ".mat"))["ucm2"]
            s = ndi.label(ucm <= a.threshold, structure=np.ones((3, 3), bool))[0][1::2, 1::2]
        parts = [conditional_entropies(s, g) for g in read_gt(os.path.join(a.gt, iid + ".mat"))]
        h_sg = float(np.mean([x[0] for x in parts]))
        h_gs = float(np.mean([x[1] for x in parts]))
        regions_g = float(np.mean([len(np.unique(g)) for g in read_gt(os.path.join(a.gt, iid + ".mat"))]))
        rows.append((h_sg, h_gs, len(np.unique(s)), regions_g))
    r = np.array(rows)
    print(f"{len(rows)} images: VI {r[:, 0].mean() + r[:, 1].mean():.3f} = H(S|G) {r[:, 0].mean():.3f} "
          f"(over-segmentation) + H(G|S) {r[:, 1].mean():.3f} (under-segmentation); regions per image: "
          f"S {r[:, 2].mean():.1f}, humans {r[:, 3].mean():.1f}")


if __name__ == "__main__":
    main()

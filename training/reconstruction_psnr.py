"""PSNR, mean absolute error and mean per-channel shift of reconstructions DIR/ID.png against the
BSDS500 photographs as PIL decodes them (docs/results.md, Table II SuperAE rows).

  /usr/bin/python3 training/reconstruction_psnr.py --split test /work/recon/test-tem /work/recon/test-notem
"""
import argparse
import os

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dirs", nargs="+", help="folders of ID.png reconstructions")
    p.add_argument("--split", default="test", choices=["train", "val", "test"])
    p.add_argument("--bsds", default=os.environ.get("BSDS500_DIR", os.path.join(ROOT, "..", "shared", "bsds500")))
    a = p.parse_args()
    img_dir = os.path.join(a.bsds, "images", a.split)
    ids = sorted(f[:-4] for f in os.listdir(img_dir) if f.endswith(".jpg"))
    for d in a.dirs:
        psnr, mae, shift = [], [], []
        for i in ids:
            x = np.asarray(Image.open(os.path.join(img_dir, f"{i}.jpg")).convert("RGB")).astype(np.float64)
            y = np.asarray(Image.open(os.path.join(d, f"{i}.png")).convert("RGB")).astype(np.float64)
            if x.shape != y.shape:
                raise SystemExit(f"{d}/{i}.png is {y.shape[1]}x{y.shape[0]}, the photograph {x.shape[1]}x{x.shape[0]}")
            mse = ((x - y) ** 2).mean()
            psnr.append(10 * np.log10(255**2 / mse))
            mae.append(np.abs(x - y).mean())
            shift.append((y - x).reshape(-1, 3).mean(0))
        r, g, b = np.mean(shift, 0)
        print(f"{d}: {len(ids)} images, PSNR mean {np.mean(psnr):.2f} dB (min {np.min(psnr):.2f}, max {np.max(psnr):.2f}), "
              f"MAE {np.mean(mae):.2f}, mean shift (reconstruction - photograph) R {r:.2f} G {g:.2f} B {b:.2f}")


if __name__ == "__main__":
    main()

"""scikit-image 0.19 SLIC with n_segments = the nominal count (no count search), for comparison
with our count-searched SLIC. Writes OUT/ID_<count>.png, 16-bit, label + 1, for the first LIMIT
images (sorted) of images/SPLIT, readable by `npm run bsds -- --format png`.

  /usr/bin/python3 scripts/skimage_slic_nominal.py SPLIT OUT [LIMIT] [COMPACTNESS]
"""
import os
import sys

import cv2
import numpy as np
from skimage import io
from skimage.segmentation import relabel_sequential, slic

split, out = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
compactness = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
root = os.environ.get('BSDS500_DIR', os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'bsds500'))
src = os.path.join(root, 'images', split)
os.makedirs(out, exist_ok=True)
ids = sorted(f[:-4] for f in os.listdir(src) if f.endswith('.jpg'))[:limit]
counts = {}
for i in ids:
    img = io.imread(os.path.join(src, i + '.jpg'))
    for n in (100, 50, 20, 10):
        lab = slic(img, n_segments=n, compactness=compactness, start_label=0)
        lab = relabel_sequential(lab)[0]
        counts.setdefault(n, []).append(int(lab.max()) + 1)
        cv2.imwrite(os.path.join(out, f'{i}_{n}.png'), (lab + 1).astype(np.uint16))
for n, c in counts.items():
    print(f'n_segments {n}: mean {np.mean(c):.1f} segments (min {min(c)}, max {max(c)})')

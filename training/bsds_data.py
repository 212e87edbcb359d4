"""BSDS500 images and ucm2 templates for SuperAE training, cached once as .npz.

Template: the gPb-owt-ucm over-segmentation at threshold t: the 8-connected components of
`ucm2 <= t`, then every second row and column starting from the second (MATLAB
`labels(2:2:end, 2:2:end)`), which gives one label per image pixel.

A template pack (`python3 bsds_data.py pack --out FILE`) holds the templates alone, compressed,
so that the images (JPEG) and the pack travel to a GPU machine without the ucm2 MAT files.
"""
import os
import numpy as np
import scipy.io
import scipy.ndimage as ndi
from PIL import Image

SPLITS = ("train", "val", "test")
DEFAULT_UCM_THRESHOLD = 0.05


def ucm_template(ucm2, threshold):
    """(2H+1)x(2W+1) ultrametric map -> HxW int32 labels 1..n."""
    if ucm2.ndim != 2 or ucm2.shape[0] % 2 != 1 or ucm2.shape[1] % 2 != 1:
        raise ValueError(f"ucm2 must be (2H+1)x(2W+1), got shape {ucm2.shape}")
    labels, _ = ndi.label(ucm2 <= threshold, structure=np.ones((3, 3), dtype=bool))
    return labels[1::2, 1::2].astype(np.int32)


def list_ids(root):
    """(split, id) of every image in images/{train,val,test}; names a missing folder."""
    if not os.path.isdir(root):
        raise FileNotFoundError(f"BSDS500 data folder not found: {root}")
    out = []
    for split in SPLITS:
        d = os.path.join(root, "images", split)
        if not os.path.isdir(d):
            raise FileNotFoundError(f"BSDS500 image folder not found: {d}")
        out += [(split, f[:-4]) for f in sorted(os.listdir(d)) if f.endswith(".jpg")]
    if not out:
        raise FileNotFoundError(f"no BSDS500 images (*.jpg) under {os.path.join(root, 'images')}")
    return out


def build_cache(root, threshold, cache_path):
    """Reads every image and its ucm2 template; writes cache_path (.npz)."""
    arrays = {}
    counts = []
    for split, iid in list_ids(root):
        img_path = os.path.join(root, "images", split, iid + ".jpg")
        ucm_path = os.path.join(root, "ucm2", split, iid + ".mat")
        if not os.path.isfile(ucm_path):
            raise FileNotFoundError(f"template (ucm2) file not found: {ucm_path}")
        img = np.asarray(Image.open(img_path).convert("RGB"), dtype=np.uint8)
        try:
            ucm2 = scipy.io.loadmat(ucm_path)["ucm2"]
        except Exception as e:  # corrupt MAT file or missing variable
            raise ValueError(f"cannot read variable 'ucm2' from {ucm_path}: {e}") from e
        lab = ucm_template(ucm2, threshold)
        if lab.shape != img.shape[:2]:
            raise ValueError(f"template {ucm_path} is {lab.shape}, image {img_path} is {img.shape[:2]}")
        counts.append(int(lab.max()))
        arrays[f"img_{split}_{iid}"] = img
        arrays[f"lab_{split}_{iid}"] = lab.astype(np.uint16) if lab.max() < 65535 else lab
    os.makedirs(os.path.dirname(os.path.abspath(cache_path)), exist_ok=True)
    np.savez(cache_path, threshold=np.float64(threshold), **arrays)
    return counts


def write_template_pack(root, threshold, path):
    """Every image's template, uint16, in one compressed .npz (keys lab_<split>_<id>)."""
    arrays = {}
    for split, iid in list_ids(root):
        ucm_path = os.path.join(root, "ucm2", split, iid + ".mat")
        lab = ucm_template(scipy.io.loadmat(ucm_path)["ucm2"], threshold)
        if lab.max() >= 65535:
            raise ValueError(f"{ucm_path}: {lab.max()} regions do not fit uint16")
        arrays[f"lab_{split}_{iid}"] = lab.astype(np.uint16)
    np.savez_compressed(path, threshold=np.float64(threshold), **arrays)
    return len(arrays)


def load_packed(root, pack_path, threshold):
    """Like load_dataset, with the templates from a pack and the images decoded from root."""
    z = np.load(pack_path)
    if abs(float(z["threshold"]) - threshold) > 1e-12:
        raise ValueError(f"{pack_path} holds templates at ucm2 <= {float(z['threshold'])}, not {threshold}")
    keys = sorted(f"{split}_{iid}" for split, iid in list_ids(root))
    missing = [k for k in keys if "lab_" + k not in z.files]
    if missing:
        raise ValueError(f"{pack_path} has no template for {len(missing)} images, e.g. {missing[0]}")
    images, templates = [], []
    for k in keys:
        split, iid = k.split("_", 1)
        img = np.asarray(Image.open(os.path.join(root, "images", split, iid + ".jpg")).convert("RGB"), dtype=np.uint8)
        lab = z["lab_" + k].astype(np.int32)
        if lab.shape != img.shape[:2]:
            raise ValueError(f"template {k} is {lab.shape}, its image {img.shape[:2]}")
        images.append(img)
        templates.append(lab)
    return images, templates, keys


def load_dataset(root, threshold, cache_dir):
    """Returns (images: list of HxWx3 uint8, templates: list of HxW int32, keys).
    The data folder is always listed (a missing folder is named even with a cache); the cache
    is rebuilt when it does not hold exactly the images found there."""
    wanted = sorted(f"{split}_{iid}" for split, iid in list_ids(root))
    cache_path = os.path.join(cache_dir, f"bsds500_ucm{threshold:g}.npz")
    z = np.load(cache_path) if os.path.isfile(cache_path) else None
    if z is None or sorted(k[4:] for k in z.files if k.startswith("img_")) != wanted:
        counts = build_cache(root, threshold, cache_path)
        print(f"template cache written: {cache_path}; regions per image: "
              f"median {np.median(counts):.0f}, 10%-90% {np.percentile(counts, 10):.0f}-"
              f"{np.percentile(counts, 90):.0f}", flush=True)
        z = np.load(cache_path)
    images = [z["img_" + k] for k in wanted]
    templates = [z["lab_" + k].astype(np.int32) for k in wanted]
    return images, templates, wanted


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Writes a template pack (see the module docstring).")
    ap.add_argument("cmd", choices=["pack"])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bsds500"))
    ap.add_argument("--threshold", type=float, default=DEFAULT_UCM_THRESHOLD)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    n = write_template_pack(os.path.abspath(a.data), a.threshold, a.out)
    print(f"{n} templates -> {a.out} ({os.path.getsize(a.out) / 2**20:.1f} MiB)")

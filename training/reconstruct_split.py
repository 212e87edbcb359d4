"""SuperAE reconstructions of a BSDS500 split, as 8-bit RGB PNGs DIR/ID.png, for
`npm run bsds:superpixels -- --source-dir DIR` (docs/ablation.md).

  /usr/bin/python3 training/reconstruct_split.py --model models/superae --split val --out /tmp/rec

Uses the PyTorch twin (superae_model.py) of an exported tfjs model, with the weights read back
from that model's model.json + shards (the inverse of export_tfjs.py), so the reconstructions
belong to exactly the committed weights; the tfjs cpu backend needs about 100 s per 481x321
image, PyTorch well under a second. Each image is processed like SuperAE.reconstruct in
src/core/superae/loadSuperAE.ts: RGB / 255, padded at the bottom/right by edge replication to
multiples of 4 (padToMultiple.ts), eval-mode forward pass, cropped back, round(v * 255)
(half up, as Math.round) clamped to 0..255.

`--model none` writes the decoded photographs themselves (PIL's JPEG decoder, which the
reconstructions start from), so a superpixel baseline can see the very pixels the network saw:
the project's Node JPEG decoder (jpeg-js) gives slightly different pixels (docs/ablation.md).

`--spot-check DIR` instead writes, for the first image only, DIR/input.png (the photograph
resized to 1/4 size, 121x81 or 81x121: small enough for tfjs on the cpu backend, sides not
multiples of 4 so the padding is exercised) and DIR/reconstruction.f32 (its PyTorch
reconstruction, float32 HWC) for src/cli/superaeSpotCheck.ts to compare with tfjs.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from PIL import Image

from superae_model import SIZE_MULTIPLE, SuperAE

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_exported(model_dir):
    """SuperAE in eval mode with the float32 weights of model_dir/model.json (tfjs layers)."""
    path = os.path.join(model_dir, "model.json")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no model.json in {model_dir}")
    with open(path) as f:
        manifest = json.load(f)["weightsManifest"]
    model = SuperAE()
    modules = dict(model.named_children())
    state = {}
    for group in manifest:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec["dtype"] != "float32" or "quantization" in spec:
                raise ValueError(f"{spec['name']}: only float32 exports are supported")
            n = int(np.prod(spec["shape"]))
            w = np.frombuffer(data, "<f4", n, offset).reshape(spec["shape"])
            offset += 4 * n
            layer, what = spec["name"].split("/")
            key = {"kernel": "weight", "bias": "bias", "gamma": "weight", "beta": "bias",
                   "moving_mean": "running_mean", "moving_variance": "running_var"}[what]
            if what == "kernel":  # inverse of export_tfjs.py's transpose (2, 3, 1, 0)
                w = w.transpose(3, 2, 0, 1)
            state[f"{layer}.{key}"] = torch.from_numpy(np.array(w, dtype=np.float32))
        if offset != len(data):
            raise ValueError(f"{model_dir}: shards hold {len(data)} bytes, weights use {offset}")
    for name, mod in modules.items():
        if isinstance(mod, torch.nn.BatchNorm2d):
            state[f"{name}.num_batches_tracked"] = torch.tensor(0)
    model.load_state_dict(state)  # raises on a missing or mis-shaped tensor
    return model.eval()


def pad_to_multiple(x, m=SIZE_MULTIPLE):
    """[H, W, 3] -> bottom/right edge-replicated to multiples of m (padToMultiple.ts)."""
    h, w = x.shape[:2]
    return np.pad(x, ((0, -h % m), (0, -w % m), (0, 0)), mode="edge")


def reconstruct(model, rgb_u8):
    """[H, W, 3] uint8 -> (reconstruction as [H, W, 3] float32 in [0, 1], as uint8)."""
    h, w = rgb_u8.shape[:2]
    x = pad_to_multiple(rgb_u8.astype(np.float32) / 255)
    with torch.no_grad():
        recon = model(torch.from_numpy(x).permute(2, 0, 1)[None])[0]
    rf = recon[0].permute(1, 2, 0).numpy()[:h, :w]
    u8 = np.clip(np.floor(rf.astype(np.float64) * 255 + 0.5), 0, 255).astype(np.uint8)
    return rf, u8


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="exported tfjs folder, e.g. models/superae, or none (see above)")
    p.add_argument("--split", default="val", choices=["train", "val", "test"])
    p.add_argument("--out", help="output folder for ID.png (required unless --spot-check)")
    p.add_argument("--bsds", default=os.environ.get("BSDS500_DIR", os.path.join(ROOT, "..", "shared", "bsds500")))
    p.add_argument("--limit", type=int, default=0, help="first N images (sorted IDs); 0 = all")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--spot-check", metavar="DIR", help="write input.png + reconstruction.f32 (see above)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    img_dir = os.path.join(a.bsds, "images", a.split)
    if not os.path.isdir(img_dir):
        raise SystemExit(f"BSDS500 images not found: {img_dir} (set BSDS500_DIR or --bsds)")
    ids = sorted(f[:-4] for f in os.listdir(img_dir) if f.endswith(".jpg"))
    if a.limit > 0:
        ids = ids[:a.limit]
    if not a.out and not a.spot_check:
        p.error("--out DIR is required (or --spot-check DIR)")
    if a.model == "none" and a.spot_check:
        p.error("--spot-check needs a model")
    model = None if a.model == "none" else load_exported(a.model)
    if a.spot_check:
        im = Image.open(os.path.join(img_dir, f"{ids[0]}.jpg")).convert("RGB")
        small = np.asarray(im.resize(((im.width + 3) // 4, (im.height + 3) // 4), Image.BILINEAR))
        rf, _ = reconstruct(model, small)
        os.makedirs(a.spot_check, exist_ok=True)
        Image.fromarray(small, "RGB").save(os.path.join(a.spot_check, "input.png"))
        rf.astype("<f4").tofile(os.path.join(a.spot_check, "reconstruction.f32"))
        print(f"{ids[0]}: {small.shape[1]}x{small.shape[0]} input and reconstruction -> {a.spot_check}")
        return
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    for k, i in enumerate(ids):
        rgb = np.asarray(Image.open(os.path.join(img_dir, f"{i}.jpg")).convert("RGB"))
        u8 = rgb if model is None else reconstruct(model, rgb)[1]
        Image.fromarray(u8, "RGB").save(os.path.join(a.out, f"{i}.png"))
        print(f"{k + 1}/{len(ids)} {i} {time.time() - t0:.1f}s", flush=True)
    what = "decoded photographs" if model is None else "reconstructions"
    print(f"{len(ids)} {what} of {a.split} by {a.model} -> {a.out} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()

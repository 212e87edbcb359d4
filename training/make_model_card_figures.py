"""Figures for a model card: <model-dir>/loss.png (per-epoch mean loss terms from log.csv)
and <model-dir>/samples.png (three BSDS500 images, input | reconstruction, half size,
256-colour PNG).

The reconstructions come from the PyTorch checkpoint in eval mode, with the image padded by
edge replication to multiples of 4 as the tfjs loader does.
"""
import argparse
import csv
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image  # noqa: E402

from superae_model import SIZE_MULTIPLE, SuperAE  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = ("test/100007", "test/16068", "val/42049")


def epoch_means(log_path):
    rows = list(csv.DictReader(open(log_path)))
    if not rows:
        raise ValueError(f"{log_path} has no rows")
    epochs = sorted({int(r["epoch"]) for r in rows})
    out = {k: [] for k in ("loss", "reconstruction", "template")}
    for e in epochs:
        sel = [r for r in rows if int(r["epoch"]) == e]
        for k in out:
            out[k].append(np.mean([float(r[k]) for r in sel]))
    return np.array(epochs) + 1, out


def loss_plot(runs, path):
    fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
    for label, log in runs:
        ep, m = epoch_means(log)
        ax.plot(ep, m["reconstruction"], "-o", ms=3, label=f"{label}: reconstruction")
        ax.plot(ep, m["template"], "--o", ms=3, label=f"{label}: template (Eq. 2)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("per-epoch mean (training crops)")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


@torch.no_grad()
def reconstruct(model, img):
    x = torch.from_numpy(img).permute(2, 0, 1)[None].float() / 255
    h, w = img.shape[:2]
    ph, pw = -h % SIZE_MULTIPLE, -w % SIZE_MULTIPLE
    x = F.pad(x, (0, pw, 0, ph), mode="replicate")
    r = model(x)[0][0, :, :h, :w].permute(1, 2, 0).numpy()
    return (np.clip(r, 0, 1) * 255).round().astype(np.uint8)


def samples_png(checkpoint, data, path):
    model = SuperAE()
    model.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    model.eval()
    rows = []
    for s in SAMPLES:
        f = os.path.join(data, "images", s + ".jpg")
        if not os.path.isfile(f):
            raise FileNotFoundError(f"sample image not found: {f}")
        img = np.array(Image.open(f).convert("RGB"))
        if img.shape[0] > img.shape[1]:
            img = np.ascontiguousarray(np.rot90(img))  # landscape rows for the grid
        rec = reconstruct(model, img)
        pair = np.concatenate([img, np.full((img.shape[0], 4, 3), 255, np.uint8), rec], 1)
        rows.append(np.asarray(Image.fromarray(pair).resize((pair.shape[1] // 2, pair.shape[0] // 2),
                                                            Image.BILINEAR)))
    w = max(r.shape[1] for r in rows)
    grid = np.concatenate([np.pad(r, ((0, 2), (0, w - r.shape[1]), (0, 0)), constant_values=255)
                           for r in rows], 0)
    # 256 colours, no dithering: keeps the committed PNG near 120 KB
    Image.fromarray(grid).quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE) \
        .save(path, optimize=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--run", required=True, help="run folder (superae.pt, log.csv)")
    p.add_argument("--model-dir", required=True)
    p.add_argument("--compare", help="another run folder to draw in the loss plot")
    p.add_argument("--label", default="this model")
    p.add_argument("--compare-label", default="other")
    p.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "bsds500"))
    a = p.parse_args()
    torch.set_num_threads(2)
    runs = [(a.label, os.path.join(a.run, "log.csv"))]
    if a.compare:
        runs.append((a.compare_label, os.path.join(a.compare, "log.csv")))
    os.makedirs(a.model_dir, exist_ok=True)
    loss_plot(runs, os.path.join(a.model_dir, "loss.png"))
    samples_png(os.path.join(a.run, "superae.pt"), a.data, os.path.join(a.model_dir, "samples.png"))
    print(f"wrote {a.model_dir}/loss.png and samples.png")


if __name__ == "__main__":
    main()

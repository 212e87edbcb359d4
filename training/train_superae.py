"""Trains the SuperAE (Sec. III-A, IV-B) on all 500 BSDS500 images (no labels used).

Loss: Eq. 1-2 (reconstruction + lambda * within-template variance of the reconstruction),
templates = gPb-owt-ucm over-segmentation (ucm2 <= --ucm-threshold). Adam, random crops and
horizontal flips. An epoch = one random crop from each of the 500 images, in a random order.

  --paper : 100 epochs, batch 10, Adam 1e-3, 320x320 crops (the largest square that fits every
            481x321 / 321x481 image) -- for a GPU machine.
  --cpu   : the default; small crops and few epochs so it fits 60 minutes on 2 CPU cores.
Any of --epochs/--crop/--batch/--lr overrides the schedule's value.

Writes <out>/superae.pt (state_dict, after every epoch), <out>/log.csv (per step) and
<out>/summary.json. Creating the file <out>/STOP, or passing --deadline-s, ends the run after the
current epoch (the summary then records the epochs completed).
"""
import argparse
import csv
import json
import os
import platform
import time

import numpy as np
import torch

from bsds_data import DEFAULT_UCM_THRESHOLD, load_dataset, load_packed
from superae_model import SIZE_MULTIPLE, SuperAE, superae_loss

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEDULES = {
    "paper": dict(epochs=100, batch=10, lr=1e-3, crop=320),
    "cpu": dict(epochs=16, batch=10, lr=1e-3, crop=96),
}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--paper", action="store_true", help="paper schedule (GPU machine)")
    g.add_argument("--cpu", action="store_true", help="CPU schedule (default)")
    p.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "bsds500"),
                   help="BSDS500 folder (images/, ucm2/)")
    p.add_argument("--out", required=True, help="run folder")
    p.add_argument("--lam", type=float, default=1.0, help="lambda of Eq. 1 (default 1)")
    p.add_argument("--ucm-threshold", type=float, default=DEFAULT_UCM_THRESHOLD,
                   help="template = components of ucm2 <= t (default %(default)s)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--crop", type=int, help="square crop side, a multiple of 4")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--init", help="a run's superae.pt to continue from (fresh Adam state; give another --seed for other crops)")
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--cache", default=os.path.join(HERE, "cache"), help="template cache folder")
    p.add_argument("--templates", help="a template pack (bsds_data.py pack) instead of --data's ucm2/")
    p.add_argument("--deadline-s", type=float,
                   help="end after the epoch during which this many seconds of training have passed")
    a = p.parse_args(argv)
    sched = dict(SCHEDULES["paper" if a.paper else "cpu"])
    for k in sched:
        if getattr(a, k) is not None:
            sched[k] = getattr(a, k)
    a.schedule = "paper" if a.paper else "cpu"
    for k, v in sched.items():
        setattr(a, k, v)
    if a.crop % SIZE_MULTIPLE or a.crop <= 0:
        p.error(f"--crop must be a positive multiple of {SIZE_MULTIPLE}, got {a.crop}")
    if a.epochs <= 0 or a.batch <= 0 or not a.lr > 0 or a.lam < 0:
        p.error("--epochs, --batch, --lr must be positive and --lam non-negative")
    return a


def random_batch(images, templates, idx, crop, rng):
    """Random crop + horizontal flip of each image in idx -> x [B,3,c,c] float, t [B,c,c]."""
    xs, ts = [], []
    for i in idx:
        img, lab = images[i], templates[i]
        h, w = lab.shape
        if h < crop or w < crop:
            raise ValueError(f"crop {crop} larger than image {i} ({h}x{w})")
        y0 = rng.integers(0, h - crop + 1)
        x0 = rng.integers(0, w - crop + 1)
        im = img[y0:y0 + crop, x0:x0 + crop]
        lb = lab[y0:y0 + crop, x0:x0 + crop]
        if rng.random() < 0.5:
            im, lb = im[:, ::-1], lb[:, ::-1]
        xs.append(im)
        ts.append(lb)
    x = torch.from_numpy(np.ascontiguousarray(np.stack(xs))).permute(0, 3, 1, 2).float() / 255.0
    t = torch.from_numpy(np.ascontiguousarray(np.stack(ts))).long()
    return x, t


@torch.no_grad()
def final_eval(model, images, templates, lam, device, count=25):
    """Loss terms in eval mode (running BN statistics) over `count` whole images
    (cropped to multiples of 4), spread evenly over the data set."""
    model.eval()
    rec_sum = tmpl_sum = 0.0
    picks = np.linspace(0, len(images) - 1, count).round().astype(int)
    for i in picks:
        h, w = templates[i].shape
        h4, w4 = h - h % SIZE_MULTIPLE, w - w % SIZE_MULTIPLE
        x = torch.from_numpy(images[i][:h4, :w4].copy()).permute(2, 0, 1)[None].float().to(device) / 255
        t = torch.from_numpy(templates[i][:h4, :w4].copy())[None].long().to(device)
        recon = model(x)[0]
        _, rec, tmpl = superae_loss(x, recon, t, 1.0)
        rec_sum += float(rec)
        tmpl_sum += float(tmpl)
    model.train()
    return {"images": int(count), "reconstruction": rec_sum / count, "template": tmpl_sum / count,
            "total_at_lambda": (rec_sum + lam * tmpl_sum) / count}


def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    if os.path.exists(os.path.join(a.out, "STOP")):
        os.remove(os.path.join(a.out, "STOP"))
    t_load = time.time()
    if a.templates:
        images, templates, keys = load_packed(os.path.abspath(a.data), a.templates, a.ucm_threshold)
    else:
        images, templates, keys = load_dataset(os.path.abspath(a.data), a.ucm_threshold, a.cache)
    if a.device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True  # fixed crop size: the fastest conv algorithms once
    print(f"{len(images)} images loaded in {time.time() - t_load:.1f} s", flush=True)

    model = SuperAE().to(a.device)
    if a.init:
        model.load_state_dict(torch.load(a.init, map_location=a.device))
        print(f"continuing from {a.init}", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    steps_per_epoch = (len(images) + a.batch - 1) // a.batch
    print(f"schedule {a.schedule}: {a.epochs} epochs x {steps_per_epoch} steps, batch {a.batch}, "
          f"crop {a.crop}, lr {a.lr}, lambda {a.lam}, ucm threshold {a.ucm_threshold}, "
          f"device {a.device}, threads {a.threads}", flush=True)

    log_f = open(os.path.join(a.out, "log.csv"), "w", newline="")
    log = csv.writer(log_f)
    log.writerow(["step", "epoch", "loss", "reconstruction", "template", "elapsed_s"])
    t0 = time.time()
    step = 0
    epoch_means = []
    for epoch in range(a.epochs):
        order = rng.permutation(len(images))
        sums = np.zeros(3)
        for s in range(steps_per_epoch):
            idx = order[s * a.batch:(s + 1) * a.batch]
            x, t = random_batch(images, templates, idx, a.crop, rng)
            x, t = x.to(a.device), t.to(a.device)
            recon = model(x)[0]
            # The template term is computed (and logged) at lambda = 0 as well, without gradient.
            loss, rec, tmpl = superae_loss(x, recon, t, a.lam if a.lam > 0 else 1.0)
            if a.lam == 0:
                loss, tmpl = rec, tmpl.detach()
            if not torch.isfinite(loss):
                raise FloatingPointError(
                    f"non-finite loss at step {step} (epoch {epoch + 1}): loss={float(loss)}, "
                    f"reconstruction={float(rec)}, template={float(tmpl)}")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            vals = (loss.item(), rec.item(), tmpl.item())
            sums += vals
            log.writerow([step, epoch, *(f"{v:.6g}" for v in vals), f"{time.time() - t0:.1f}"])
            step += 1
        log_f.flush()
        m = sums / steps_per_epoch
        epoch_means.append(m.tolist())
        el = time.time() - t0
        print(f"epoch {epoch + 1}/{a.epochs}: loss {m[0]:.5f} rec {m[1]:.5f} tmpl {m[2]:.5f} "
              f"[{el / 60:.1f} min, {el / step:.2f} s/step]", flush=True)
        torch.save(model.state_dict(), os.path.join(a.out, "superae.pt"))
        if os.path.exists(os.path.join(a.out, "STOP")) and epoch + 1 < a.epochs:
            print(f"STOP file found: ending after epoch {epoch + 1}", flush=True)
            break
        if a.deadline_s is not None and el >= a.deadline_s and epoch + 1 < a.epochs:
            print(f"deadline {a.deadline_s:g} s passed: ending after epoch {epoch + 1}", flush=True)
            break
    log_f.close()
    wall = time.time() - t0
    ev = final_eval(model, images, templates, a.lam, a.device)
    summary = {
        "schedule": a.schedule, "epochs": a.epochs, "batch": a.batch, "lr": a.lr, "crop": a.crop,
        "lambda": a.lam, "ucm_threshold": a.ucm_threshold, "seed": a.seed, "init": a.init, "steps": step,
        "deadline_s": a.deadline_s, "templates": os.path.basename(a.templates) if a.templates else None,
        "epochs_completed": len(epoch_means),
        "images": len(images), "device": a.device, "threads": a.threads,
        "train_wall_s": round(wall, 1),
        "last_epoch_mean": dict(zip(["loss", "reconstruction", "template"], epoch_means[-1])),
        "final_eval": ev,
        "torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpus".strip(),
        "gpu": torch.cuda.get_device_name(0) if a.device.startswith("cuda") else None,
    }
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary, indent=2), flush=True)


if __name__ == "__main__":
    main()

"""PyTorch reference of one DSC iteration, for `npm run bench:dsc` (issue: speed).

The same computation as src/core/dsc/dscObjective.ts: encoder E1-E3 (conv, batch norm in
train mode, ReLU), the 1x1 head on [image, E1, up(E2), up(E3)] (451 -> K channels; E2 and E3
are projected to K first and upsampled after, which is the same linear map), pseudo-labels by
majority vote per superpixel (Eq. 4), cross-entropy (Eq. 3), superpixel pooling (Eq. 5),
association (Eq. 6), the similarity W as a constant (Eq. 7), the normalised soft cut (Eq. 8),
the total (Eq. 9) and one SGD-with-momentum step on the encoder and the head.

Superpixels are a regular grid of about --superpixels cells (the benchmark measures speed, not
quality). Prints one JSON object with the same fields as the TypeScript benchmark.

Usage: python3 training/bench_dsc.py [--size 321x481] [--iters 20] [--warmup 5] [--k 32]
       [--device cuda|cpu] [--json FILE]
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def grid_superpixels(h, w, count):
    side = max(1, round((h * w / count) ** 0.5))
    ys = torch.arange(h) // side
    xs = torch.arange(w) // side
    cols = (w + side - 1) // side
    return (ys[:, None] * cols + xs[None, :]).reshape(-1)


def bilinear_up(x, h, w):
    # Half-pixel centres, as tfjs resizeBilinear(halfPixelCenters=true) and the DSC matrices.
    return F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="321x481", help="HxW of the image")
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--superpixels", type=int, default=100)
    ap.add_argument("--sigma", type=float, default=10.0)
    ap.add_argument("--beta", type=float, default=1.0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    try:
        h, w = (int(v) for v in a.size.lower().split("x"))
    except ValueError:
        sys.exit(f"--size must be HxW, got {a.size}")
    if a.threads:
        torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    torch.manual_seed(0)
    hp, wp = (h + 3) // 4 * 4, (w + 3) // 4 * 4
    x = torch.rand(1, 3, h, w, device=dev)
    xp = F.pad(x, (0, wp - w, 0, hp - h), mode="replicate")
    sp = grid_superpixels(h, w, a.superpixels).to(dev)
    m = int(sp.max()) + 1
    sizes = torch.bincount(sp, minlength=m).float()
    k = a.k

    def conv_bn(cin, cout, stride):
        conv = torch.nn.Conv2d(cin, cout, 3, stride=stride, padding=1).to(dev)
        bn = torch.nn.BatchNorm2d(cout, eps=1e-5).to(dev).train()
        return conv, bn

    e1c, e1b = conv_bn(3, 64, 1)
    e2c, e2b = conv_bn(64, 128, 2)
    e3c, e3b = conv_bn(128, 256, 2)
    head = torch.nn.Linear(451, k).to(dev)
    params = [p for mod in (e1c, e1b, e2c, e2b, e3c, e3b, head) for p in mod.parameters()]
    opt = torch.optim.SGD(params, lr=0.05, momentum=0.9)
    n = h * w

    def sync():
        if dev.type == "cuda":
            torch.cuda.synchronize()

    times = {"forward": [], "backward": [], "optimizer": [], "pseudo_labels": [], "readback": [], "total": []}
    for it in range(a.warmup + a.iters):
        sync()
        t0 = time.perf_counter()
        e1 = F.relu(e1b(e1c(xp)))
        e2 = F.relu(e2b(e2c(e1)))
        e3 = F.relu(e3b(e3c(e2)))
        wk = head.weight.t()  # [451, K]
        h0, h1, h2, h3 = torch.split(wk, [3, 64, 128, 256], 0)
        pix = x[0].reshape(3, n).t()
        e1f = e1[0, :, :h, :w].reshape(64, n).t()
        p2 = torch.einsum("chw,ck->khw", e2[0], h2)[None]
        p3 = torch.einsum("chw,ck->khw", e3[0], h3)[None]
        up2 = bilinear_up(p2, hp, wp)[0, :, :h, :w].reshape(k, n).t()
        up3 = bilinear_up(p3, hp, wp)[0, :, :h, :w].reshape(k, n).t()
        z = pix @ h0 + e1f @ h1 + up2 + up3 + head.bias  # [N, K]
        sync()
        t1 = time.perf_counter()
        with torch.no_grad():  # Eq. 4
            c = z.argmax(1)
            votes = torch.zeros(m * k, device=dev).index_add_(0, sp * k + c, torch.ones(n, device=dev))
            pseudo = votes.view(m, k).argmax(1)
        sync()
        t2 = time.perf_counter()
        logp = F.log_softmax(z, 1)
        ce = -logp.gather(1, pseudo[sp][:, None]).sum() / n  # Eq. 3
        f = torch.zeros(m, k, device=dev).index_add_(0, sp, z) / sizes[:, None]  # Eq. 5
        assoc_a = F.softmax(f, 1)  # Eq. 6
        with torch.no_grad():  # Eq. 7, a constant
            wmat = torch.exp(-torch.cdist(f, f) ** 2 / a.sigma)
        assoc = (assoc_a * (wmat @ assoc_a)).sum(0)
        volume = (assoc_a * wmat.sum(1, keepdim=True)).sum(0)
        cut = k - (assoc / (volume + 1e-8)).sum()  # Eq. 8
        loss = ce + a.beta * cut  # Eq. 9
        opt.zero_grad(set_to_none=True)
        loss.backward()
        sync()
        t3 = time.perf_counter()
        opt.step()
        sync()
        t4 = time.perf_counter()
        labels = pseudo[sp].to(torch.int32).cpu()
        _ = float(loss)
        t5 = time.perf_counter()
        if it >= a.warmup:
            times["forward"].append((t1 - t0) * 1e3)
            times["pseudo_labels"].append((t2 - t1) * 1e3)
            times["backward"].append((t3 - t2) * 1e3)
            times["optimizer"].append((t4 - t3) * 1e3)
            times["readback"].append((t5 - t4) * 1e3)
            times["total"].append((t5 - t0) * 1e3)
        del labels

    med = {key: statistics.median(v) for key, v in times.items()}
    device = torch.cuda.get_device_name(dev) if dev.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)"
    out = {
        "backend": "pytorch",
        "device": device,
        "size": f"{h}x{w}",
        "iters": a.iters,
        "k": k,
        "superpixels": m,
        "ms_per_iter": med["total"],
        "parts": {key: med[key] for key in ("forward", "pseudo_labels", "backward", "optimizer", "readback")},
        "torch": torch.__version__,
    }
    text = json.dumps(out, indent=2)
    print(text)
    if a.json:
        with open(a.json, "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()

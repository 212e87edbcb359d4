#!/usr/bin/env python3
"""Helpers of scripts/gpu-campaign.sh (python3 is all the GPU machine has besides what we carry).

  gpu_campaign.py ceilings JSON              fp32 matmul TFLOP/s (TF32 off and on), device copy GB/s
  gpu_campaign.py val-links WORK CFG...      folders of the val maps every config finished, to score
  gpu_campaign.py val-pick WORK JSON CFG...  the (config, variant) with the best SC ODS
  gpu_campaign.py pack OUT LIMIT_MB NAME=PATH[,PATH...]...   tar.gz files under $OUT, each < LIMIT_MB
"""
import glob
import json
import os
import re
import sys
import tarfile
import time

MAP = re.compile(r"^(.+)_(\d+)\.png$")


def ceilings(out):
    result = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    try:
        import torch

        if not torch.cuda.is_available():
            raise RuntimeError("PyTorch sees no CUDA device")
        dev = torch.device("cuda")
        result["device"] = torch.cuda.get_device_name(0)
        result["torch"] = torch.__version__

        def timed(fn, reps):
            fn()
            torch.cuda.synchronize()
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(reps):
                fn()
            end.record()
            torch.cuda.synchronize()
            return start.elapsed_time(end) / 1000 / reps

        n = 8192
        a = torch.randn(n, n, device=dev)
        b = torch.randn(n, n, device=dev)
        for tf32 in (False, True):
            torch.backends.cuda.matmul.allow_tf32 = tf32
            s = timed(lambda: a @ b, 10)
            result[f"matmul_fp32_{n}_tf32_{'on' if tf32 else 'off'}_tflops"] = 2 * n**3 / s / 1e12
        torch.backends.cuda.matmul.allow_tf32 = False
        x = torch.empty(256 * 2**20, dtype=torch.float32, device=dev)  # 1 GiB
        y = torch.empty_like(x)
        s = timed(lambda: y.copy_(x), 20)
        result["memcpy_d2d_gbps"] = 2 * x.numel() * 4 / s / 1e9  # read + write
        result["memcpy_bytes"] = x.numel() * 4
    except Exception as e:  # the campaign goes on without ceilings
        result["error"] = f"{type(e).__name__}: {e}"
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result))


def variants(d):
    """Variant name -> folder: 'final' (the folder itself), it<N>, le<L>."""
    out = {"final": d}
    if os.path.isdir(d):
        for v in sorted(os.listdir(d)):
            if re.fullmatch(r"(it|le)\d+", v) and os.path.isdir(os.path.join(d, v)):
                out[v] = os.path.join(d, v)
    return out


def complete_ids(folder, settings):
    per = {}
    if os.path.isdir(folder):
        for f in os.listdir(folder):
            m = MAP.match(f)
            if m:
                per.setdefault(m.group(1), set()).add(int(m.group(2)))
    return {i for i, s in per.items() if settings <= s}


def read_params(cfg_dir):
    """(settings, iterations) of a bsds:dsc folder."""
    with open(os.path.join(cfg_dir, "params.json")) as f:
        p = json.load(f)
    return set(p["settings"]), int(p["options"]["iterations"])


def distinct_variants(d, iterations):
    """variants() less it<N> for N >= iterations: those hold the final maps again."""
    return {v: p for v, p in variants(d).items() if not (v.startswith("it") and int(v[2:]) >= iterations)}


def val_links(work, cfgs):
    """Scores compare configs on the same images: those every started config finished (all
    settings, all variants). A config that finished none is left out rather than emptying the set."""
    done = {}
    for c in cfgs:
        d = os.path.join(work, "val", c)
        try:
            settings, _ = read_params(d)
        except (OSError, ValueError, KeyError):
            continue
        sets = [complete_ids(p, settings) for p in variants(d).values()]
        ids = set.intersection(*sets) if sets else set()
        if ids:
            done[c] = ids
    common = set.intersection(*done.values()) if done else set()
    if done and not common:  # disjoint: keep the config that finished most
        best = max(done, key=lambda c: len(done[c]))
        done = {best: done[best]}
        common = done[best]
    links = os.path.join(work, "valscore")
    for c in done:
        d = os.path.join(work, "val", c)
        for v, p in distinct_variants(d, read_params(d)[1]).items():
            dst = os.path.join(links, c, v)
            os.makedirs(dst, exist_ok=True)
            for f in os.listdir(p):
                m = MAP.match(f)
                if m and m.group(1) in common:
                    os.symlink(os.path.abspath(os.path.join(p, f)), os.path.join(dst, f))
            print(f"{c}/{v}")  # one folder to score per line
    sys.stderr.write(f"val: {len(common)} images finished by configs {sorted(done)}: {sorted(common)}\n")


def val_pick(work, out, cfgs):
    table = []
    for c in cfgs:
        d = os.path.join(work, "valscore", c)
        if not os.path.isdir(d):
            continue
        for v in sorted(os.listdir(d)):
            j = os.path.join(work, "valscores", f"{c}-{v}.json")
            try:
                with open(j) as f:
                    s = json.load(f)
                table.append({"config": c, "variant": v, "images": s["images"], "sc_ods": s["sc"]["ods"],
                              "sc_ois": s["sc"]["ois"], "pri_ods": s["pri"]["ods"], "vi_ods": s["vi"]["ods"], "scores": s})
            except (OSError, ValueError, KeyError) as e:
                table.append({"config": c, "variant": v, "error": str(e)})
    scored = [r for r in table if "sc_ods" in r]
    if scored:
        best = max(scored, key=lambda r: r["sc_ods"])
        choice = {"config": best["config"], "variant": best["variant"], "sc_ods": best["sc_ods"], "fallback": False}
    else:
        choice = {"config": "A", "variant": "it128", "fallback": True}
    with open(out, "w") as f:
        json.dump({"choice": choice, "table": table}, f, indent=2)
    print(f"{choice['config']} {choice['variant']}")


def pack(out, limit_mb, specs):
    """NAME=PATH,PATH: OUT/NAME.tar.gz from those paths or globs (relative to the cwd). Over the
    limit it is split in halves, NAME-1.tar.gz, ... (a path too large alone is dropped, said)."""
    limit = limit_mb * 2**20
    made = []
    for spec in specs:
        name, paths = spec.split("=", 1)
        paths = sorted({q for p in paths.split(",") if p for q in glob.glob(p)})
        if not paths:
            print(f"pack: {name}: nothing to pack")
            continue
        groups = [paths]
        part = 0
        while groups:
            group = groups.pop(0)
            if len(group) < len(paths):
                part += 1
            target = os.path.join(out, f"{name}.tar.gz" if len(group) == len(paths) else f"{name}-{part}.tar.gz")
            with tarfile.open(target, "w:gz", compresslevel=6) as t:
                for p in group:
                    t.add(p)
            size = os.path.getsize(target)
            if size < limit:
                made.append(target)
                print(f"pack: {target} {size / 2**20:.2f} MiB")
            elif len(group) > 1:
                os.remove(target)
                half = len(group) // 2
                groups[:0] = [group[:half], group[half:]]
                if len(group) < len(paths):
                    part -= 1
            else:
                os.remove(target)
                print(f"pack: dropped {group[0]} ({size / 2**20:.1f} MiB compressed, over {limit_mb} MiB)")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "ceilings":
        ceilings(args[0])
    elif cmd == "val-links":
        val_links(args[0], args[1:])
    elif cmd == "val-pick":
        val_pick(args[0], args[1], args[2:])
    elif cmd == "pack":
        pack(args[0], float(args[1]), args[2:])
    else:
        sys.exit(__doc__)

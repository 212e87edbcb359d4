"""Exports a trained SuperAE (PyTorch state_dict) as a TensorFlow.js layers model:
<out>/model.json (Keras-style topology + weightsManifest) and 1 MiB weight shards.

The topology is not written by hand: superae_topology.json is what tf.LayersModel.save gives for
buildSuperAE() (regenerate with `npm run superae:topology`). This script checks that topology
against the PyTorch module (layer names, filters, kernel sizes, strides, padding, BN epsilon)
and fills in the weights in its weightSpecs order. Any mismatch raises, so a bad export fails
here and not in the app.

Layouts:  Conv2d weight [out, in, kh, kw] -> tfjs conv2d kernel [kh, kw, in, out];
ConvTranspose2d weight [in, out, kh, kw] -> tfjs conv2dTranspose kernel [kh, kw, out, in]
(both are the transpose (2, 3, 1, 0); no spatial flip: both frameworks define the transposed
convolution as the gradient of the same cross-correlation -- the parity test checks it);
BatchNorm weight/bias/running_mean/running_var -> gamma/beta/moving_mean/moving_variance.
"""
import argparse
import hashlib
import json
import os

import numpy as np
import torch

from superae_model import BN_EPSILON, SuperAE

HERE = os.path.dirname(os.path.abspath(__file__))
SHARD_BYTES = 1 << 20  # 1 MiB shards: the browser loader reports progress per shard


class ExportError(ValueError):
    pass


def check_topology(topology, model):
    """Raises ExportError where the tfjs topology and the PyTorch module disagree."""
    layers = {l["name"]: l for l in topology["config"]["layers"]}
    mods = dict(model.named_children())
    for name, mod in mods.items():
        if name not in layers:
            raise ExportError(f"layer {name} of the PyTorch model is missing from the tfjs topology")
        cls, cfg = layers[name]["class_name"], layers[name]["config"]
        if isinstance(mod, torch.nn.BatchNorm2d):
            if cls != "BatchNormalization":
                raise ExportError(f"{name}: tfjs layer is {cls}, PyTorch is BatchNorm2d")
            if abs(cfg["epsilon"] - mod.eps) > 1e-12 or mod.eps != BN_EPSILON:
                raise ExportError(f"{name}: BN epsilon tfjs {cfg['epsilon']} vs PyTorch {mod.eps}")
            continue
        transposed = isinstance(mod, torch.nn.ConvTranspose2d)
        want_cls = "Conv2DTranspose" if transposed else "Conv2D"
        if cls != want_cls:
            raise ExportError(f"{name}: tfjs layer is {cls}, PyTorch is {type(mod).__name__}")
        if cfg["filters"] != mod.out_channels or list(cfg["kernel_size"]) != list(mod.kernel_size) \
                or list(cfg["strides"]) != list(mod.stride) or cfg["use_bias"] != (mod.bias is not None):
            raise ExportError(f"{name}: filters/kernel/strides/bias differ: tfjs {cfg['filters']}/"
                              f"{cfg['kernel_size']}/{cfg['strides']}/{cfg['use_bias']}, PyTorch "
                              f"{mod.out_channels}/{mod.kernel_size}/{mod.stride}/{mod.bias is not None}")
        k, s, p = mod.kernel_size[0], mod.stride[0], mod.padding[0]
        if transposed:
            # tfjs 'same' transposed conv of stride s crops (k - s) / 2 per side = PyTorch p.
            ok = cfg["padding"] == "same" and (k - s) % 2 == 0 and (k - s) // 2 == p
        elif s == 1:
            ok = cfg["padding"] == "same" and k % 2 == 1 and p == (k - 1) // 2
        else:
            # stride > 1: tfjs pads explicitly (ZeroPadding2D, symmetric) then 'valid'
            pad_layer = layers.get(name.replace("_conv", "_pad"))
            pad = pad_layer and pad_layer["config"]["padding"]
            ok = cfg["padding"] == "valid" and pad is not None and \
                [list(x) for x in pad] == [[p, p], [p, p]]
        if not ok:
            raise ExportError(f"{name}: padding differs (tfjs '{cfg['padding']}', PyTorch padding={p}, "
                              f"kernel {k}, stride {s})")
        act = cfg["activation"]
        want_act = "sigmoid" if name == "d3_conv" else "linear"
        if act != want_act:
            raise ExportError(f"{name}: tfjs activation {act}, expected {want_act}")
    extra = [n for n, l in layers.items()
             if l["class_name"] in ("Conv2D", "Conv2DTranspose", "BatchNormalization") and n not in mods]
    if extra:
        raise ExportError(f"tfjs layers without PyTorch counterpart: {extra}")


def tfjs_weight(state, spec_name, modules):
    """The numpy array for one tfjs weight name (e.g. 'e2_conv/kernel')."""
    layer, what = spec_name.split("/")
    mod = modules.get(layer)
    if mod is None:
        raise ExportError(f"weight {spec_name}: no PyTorch layer named {layer}")
    key = {"kernel": "weight", "bias": "bias", "gamma": "weight", "beta": "bias",
           "moving_mean": "running_mean", "moving_variance": "running_var"}.get(what)
    if key is None or f"{layer}.{key}" not in state:
        raise ExportError(f"weight {spec_name}: no PyTorch tensor {layer}.{key}")
    w = state[f"{layer}.{key}"].detach().cpu().numpy().astype(np.float32)
    if what == "kernel":
        if w.ndim != 4:
            raise ExportError(f"weight {spec_name}: expected a 4-D kernel, got shape {w.shape}")
        # Conv2d [out,in,kh,kw] -> [kh,kw,in,out]; ConvTranspose2d [in,out,kh,kw] -> [kh,kw,out,in]
        w = w.transpose(2, 3, 1, 0)
    return np.ascontiguousarray(w), f"{layer}.{key}"


def export(checkpoint, out_dir, topology_path, dtype="float32", shard_bytes=SHARD_BYTES):
    if dtype not in ("float32", "float16"):
        raise ExportError(f"dtype must be float32 or float16, got {dtype}")
    if not os.path.isfile(checkpoint):
        raise FileNotFoundError(f"checkpoint not found: {checkpoint}")
    with open(topology_path) as f:
        topo = json.load(f)
    model = SuperAE()
    state = torch.load(checkpoint, map_location="cpu")
    model.load_state_dict(state)  # raises on missing/unexpected keys or shape mismatch
    check_topology(topo["modelTopology"], model)
    modules = dict(model.named_children())
    used = set()
    specs, chunks = [], []
    for spec in topo["weightSpecs"]:
        w, key = tfjs_weight(state, spec["name"], modules)
        if list(w.shape) != list(spec["shape"]):
            raise ExportError(f"weight {spec['name']}: shape {list(w.shape)} from {key}, "
                              f"tfjs expects {spec['shape']}")
        if not np.all(np.isfinite(w)):
            raise ExportError(f"weight {spec['name']} ({key}) has non-finite values")
        used.add(key)
        entry = {"name": spec["name"], "shape": spec["shape"], "dtype": "float32"}
        if dtype == "float16":
            entry["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
            chunks.append(w.astype("<f2").tobytes())
        else:
            chunks.append(w.astype("<f4").tobytes())
        specs.append(entry)
    unused = [k for k in state if k not in used and not k.endswith("num_batches_tracked")]
    if unused:
        raise ExportError(f"PyTorch tensors not exported: {unused}")
    os.makedirs(out_dir, exist_ok=True)
    data = b"".join(chunks)
    n = max(1, -(-len(data) // shard_bytes))
    paths = [f"group1-shard{i + 1}of{n}.bin" for i in range(n)]
    for name in os.listdir(out_dir):  # stale shards of an earlier export
        if name.startswith("group1-shard") and name.endswith(".bin"):
            os.remove(os.path.join(out_dir, name))
    for i, path in enumerate(paths):
        with open(os.path.join(out_dir, path), "wb") as f:
            f.write(data[i * shard_bytes:(i + 1) * shard_bytes])
    model_json = {
        "format": "layers-model",
        "generatedBy": topo.get("generatedBy"),
        "convertedBy": "training/export_tfjs.py (PyTorch state_dict)",
        "modelTopology": topo["modelTopology"],
        "weightsManifest": [{"paths": paths, "weights": specs}],
    }
    with open(os.path.join(out_dir, "model.json"), "w") as f:
        json.dump(model_json, f)
    digest = hashlib.sha256(data).hexdigest()
    print(f"exported {len(specs)} weights, {len(data)} bytes ({dtype}, {n} shards) to {out_dir}; "
          f"sha256 of the weight bytes {digest}")
    return digest


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="superae.pt written by train_superae.py")
    p.add_argument("--out", required=True, help="output folder, e.g. ../models/superae")
    p.add_argument("--topology", default=os.path.join(HERE, "superae_topology.json"))
    p.add_argument("--dtype", default="float32", choices=["float32", "float16"],
                   help="weight storage (float16 = tfjs float16 quantization)")
    a = p.parse_args()
    export(a.checkpoint, a.out, a.topology, a.dtype)


if __name__ == "__main__":
    main()

# Shared by scripts/gpu-bench.sh and scripts/gpu-campaign.sh (sourced, from the repository root).
# The lent GPU machines have no Node and no network: `prepare` here packs node, Dawn for Node and
# esbuild bundles of the CLIs into .gpu/, and Debian's loaders into .gl/; `run` there unpacks them.
WEBGPU_VERSION=${WEBGPU_VERSION:-0.6.2}
# What Dawn and the NVIDIA driver need on a bare machine (the device tool's README).
GL_DEBS=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)

# node (xz) and the npm package `webgpu` reduced to its Linux Dawn binding (xz) behind an ESM shim.
gpu_pack_node_dawn() {
  grep -qx '/.gpu/' .gitignore || { echo "add /.gpu/ to .gitignore first" >&2; return 1; }
  rm -rf .gpu && mkdir -p .gpu/node_modules/webgpu .gpu/tmp
  echo "gpu: node $(node --version) -> .gpu/node.xz"
  xz -T0 -9 -c "$(readlink -f "$(command -v node)")" >.gpu/node.xz
  echo "gpu: webgpu@$WEBGPU_VERSION (npm pack) -> .gpu/node_modules/webgpu"
  (cd .gpu/tmp && npm pack --silent "webgpu@$WEBGPU_VERSION" >/dev/null && tar -xzf webgpu-*.tgz)
  xz -T0 -9 -c .gpu/tmp/package/dist/linux-x64/dawn.node >.gpu/node_modules/webgpu/dawn.node.xz
  cat >.gpu/node_modules/webgpu/package.json <<'JSON'
{ "name": "webgpu", "type": "module", "main": "index.js" }
JSON
  cat >.gpu/node_modules/webgpu/index.js <<'JS'
import { createRequire } from 'node:module';
const dawn = createRequire(import.meta.url)('./dawn.node');
export const { create, globals } = dawn;
JS
  rm -rf .gpu/tmp
}

# esbuild bundles of the given CLI entry points into .gpu/NAME.mjs, code they share in
# .gpu/chunks/; `webgpu` stays external (the shim above).
gpu_bundle() {
  echo "gpu: bundling $* -> .gpu/"
  node_modules/.bin/esbuild "$@" --bundle --splitting --platform=node --format=esm --target=node20 \
    --external:webgpu --outdir=.gpu --entry-names='[name]' --chunk-names='chunks/[name]-[hash]' \
    --out-extension:.js=.mjs --log-level=warning \
    "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
}

# Debian's loaders (amd64) into .gl/, once.
gpu_fetch_debs() {
  local missing=() p
  for p in "${GL_DEBS[@]}"; do ls .gl/"${p}"_*.deb >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "gpu: Debian's ${missing[*]} -> .gl/"
  mkdir -p .gl /tmp/amd64/partial
  local o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update -qq && (cd .gl && apt-get $o download "${missing[@]}")
}

# There: the loaders into /, node and Dawn unpacked into $GPU_RT (a copy of .gpu/ without the BSDS
# subset), node first on PATH, Vulkan pointed at the NVIDIA driver unless VK_DRIVER_FILES is set.
gpu_unpack() {
  GPU_RT=${GPU_RT:-/tmp/gpu-rt}
  local f
  for f in .gl/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done
  ldconfig 2>/dev/null || true
  mkdir -p "$GPU_RT"
  (cd .gpu && find . -path ./bsds -prune -o -type f -print) | while read -r f; do
    mkdir -p "$GPU_RT/$(dirname "$f")" && cp -u ".gpu/$f" "$GPU_RT/$f"
  done
  # python3's lzma: xz may be missing there.
  python3 - "$GPU_RT" <<'PY'
import lzma, os, shutil, sys
root = sys.argv[1]
for d, _, files in os.walk(root):
    for f in files:
        if f.endswith(".xz"):
            src, dst = os.path.join(d, f), os.path.join(d, f[:-3])
            if not os.path.exists(dst) or os.path.getmtime(dst) < os.path.getmtime(src):
                with lzma.open(src) as i, open(dst + ".part", "wb") as o:
                    shutil.copyfileobj(i, o, 1 << 20)
                os.replace(dst + ".part", dst)
os.chmod(os.path.join(root, "node"), 0o755)
PY
  mkdir -p "$GPU_RT/bin" && ln -sf "$GPU_RT/node" "$GPU_RT/bin/node"
  export PATH=$GPU_RT/bin:$PATH
  export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
  export __EGL_VENDOR_LIBRARY_FILENAMES=${__EGL_VENDOR_LIBRARY_FILENAMES:-/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json}
}

# A file-name-safe name of the first GPU (h100-80gb-hbm3, ...), or $1 when there is none.
gpu_device_name() {
  local d
  d=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 |
    tr -cs 'A-Za-z0-9' '-' | sed 's/^-//; s/-$//' | tr 'A-Z' 'a-z')
  echo "${d:-$1}"
}

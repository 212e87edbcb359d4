#!/usr/bin/env bash
# The DSC benchmark on a GPU machine that has no Node and no network (docs/performance.md).
#
#   scripts/gpu-bench.sh prepare   # here, with npm's registry reachable: fills .gpu/ and .gl/
#   scripts/gpu-bench.sh run [SIZE ITERS WARMUP]   # there, from the repository root
#
# prepare: an xz-compressed copy of this machine's node, the npm package `webgpu`'s Dawn binding
# (dist/linux-x64/dawn.node, xz-compressed) behind a two-line ESM shim, an esbuild bundle of
# src/cli/benchDsc.ts with `webgpu` left external, and Debian's Vulkan loader (.gl/*.deb).
# run: unpacks them, points Vulkan at the NVIDIA driver, and runs the bundle on webgpu with
# --pytorch (training/bench_dsc.py on CUDA), then on cpu for reference at a small size. The JSON
# lands in results/bench-dsc-<device>.json and, when $OUT is set, in $OUT too.
# With the device tool: carry [".gpu", ".gl"], command `bash scripts/gpu-bench.sh run`.
set -euo pipefail
cd "$(dirname "$0")/.."
WEBGPU_VERSION=${WEBGPU_VERSION:-0.6.2}

prepare() {
  grep -qx '/.gpu/' .gitignore || { echo "add /.gpu/ to .gitignore first" >&2; exit 1; }
  rm -rf .gpu && mkdir -p .gpu/node_modules/webgpu .gpu/tmp
  echo "gpu-bench: node $(node --version) -> .gpu/node.xz"
  xz -T0 -6 -c "$(readlink -f "$(command -v node)")" >.gpu/node.xz
  echo "gpu-bench: webgpu@$WEBGPU_VERSION (npm pack) -> .gpu/node_modules/webgpu"
  (cd .gpu/tmp && npm pack --silent "webgpu@$WEBGPU_VERSION" >/dev/null && tar -xzf webgpu-*.tgz)
  xz -T0 -6 -c .gpu/tmp/package/dist/linux-x64/dawn.node >.gpu/node_modules/webgpu/dawn.node.xz
  cat >.gpu/node_modules/webgpu/package.json <<'JSON'
{ "name": "webgpu", "type": "module", "main": "index.js" }
JSON
  cat >.gpu/node_modules/webgpu/index.js <<'JS'
import { createRequire } from 'node:module';
const dawn = createRequire(import.meta.url)('./dawn.node');
export const { create, globals } = dawn;
JS
  rm -rf .gpu/tmp
  echo "gpu-bench: bundling src/cli/benchDsc.ts -> .gpu/benchDsc.mjs"
  node_modules/.bin/esbuild src/cli/benchDsc.ts --bundle --platform=node --format=esm --target=node20 \
    --external:webgpu --outfile=.gpu/benchDsc.mjs --log-level=warning \
    "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
  if ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
    echo "gpu-bench: Debian's libvulkan1 -> .gl/"
    mkdir -p .gl /tmp/amd64/partial
    local o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
    # shellcheck disable=SC2086
    apt-get $o update -qq && (cd .gl && apt-get $o download libvulkan1)
  fi
  du -sh .gpu .gl
  echo 'gpu-bench: ready. Device tool: carry [".gpu", ".gl"], command "bash scripts/gpu-bench.sh run"'
}

run() {
  local size=${1:-321x481} iters=${2:-20} warmup=${3:-5}
  [ -f .gpu/benchDsc.mjs ] || { echo "gpu-bench: .gpu/ is missing: run 'scripts/gpu-bench.sh prepare' here first" >&2; exit 1; }
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
  export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
  local bin=/tmp/gpu-bench && mkdir -p $bin
  # python3's lzma: xz may be missing there.
  python3 - <<'PY'
import lzma, os, shutil
for src, dst in ((".gpu/node.xz", "/tmp/gpu-bench/node"), (".gpu/node_modules/webgpu/dawn.node.xz", ".gpu/node_modules/webgpu/dawn.node")):
    if not os.path.exists(dst):
        with lzma.open(src) as i, open(dst, "wb") as o:
            shutil.copyfileobj(i, o)
os.chmod("/tmp/gpu-bench/node", 0o755)
PY
  export PATH=$bin:$PATH
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
  local device
  device=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr -cs 'A-Za-z0-9' '-' | sed 's/^-//; s/-$//' | tr 'A-Z' 'a-z')
  device=${device:-unknown-gpu}
  mkdir -p results
  local json=results/bench-dsc-$device.json
  node .gpu/benchDsc.mjs --backend webgpu --size "$size" --iters "$iters" --warmup "$warmup" \
    --pytorch --python python3 --json "$json"
  node .gpu/benchDsc.mjs --backend cpu --size 48x64 --iters 3 --warmup 1 --json "results/bench-dsc-$device-cpu-48x64.json" || true
  if [ -n "${OUT:-}" ]; then cp results/bench-dsc-"$device"*.json "$OUT"/; fi
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  *) echo "usage: scripts/gpu-bench.sh prepare | run [SIZE ITERS WARMUP]" >&2; exit 2 ;;
esac

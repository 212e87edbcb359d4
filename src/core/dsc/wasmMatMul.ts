import * as tf from '@tensorflow/tfjs';

/**
 * The wasm backend's BatchMatMul with transposeA or transposeB ran 10 to 15 times slower than an
 * explicit Transpose followed by an untransposed BatchMatMul (XNNPACK) on the same operands:
 * [4320, 576]ᵀ · [4320, 128] 480 ms against 13 + 33 ms (docs/performance.md, "wasm"). Every
 * matmul gradient tfjs makes is transposed (dA = dy · Bᵀ, dB = Aᵀ · dy), so DSC's backward pass
 * hits this path for the head, the superpixel sums and the encoder.
 *
 * patchWasmMatMul() re-registers BatchMatMul for the wasm backend as: transpose the flagged
 * operands with the backend's own Transpose kernel, then call the original kernel untransposed.
 * The values are the same products; only the wasm backend is touched, once (idempotent).
 */
const PATCHED = Symbol.for('dsc.wasmExplicitTransposes');

export function patchWasmMatMul(): void {
  const registry = globalThis as { [PATCHED]?: true };
  if (registry[PATCHED]) return;
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!matMul || !transpose) return; // wasm backend not loaded: nothing to patch
  const original = matMul.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...matMul,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original({ inputs, attrs, backend });
      const made: tf.TensorInfo[] = [];
      // Swaps the last two axes of a rank >= 2 operand.
      const swap = (x: tf.TensorInfo): tf.TensorInfo => {
        const perm = x.shape.map((_, i) => i);
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        const out = transposeFunc({ inputs: { x }, attrs: { perm }, backend }) as tf.TensorInfo;
        made.push(out);
        return out;
      };
      try {
        return original({
          inputs: {
            ...inputs,
            a: transposeA ? swap(inputs.a as tf.TensorInfo) : inputs.a,
            b: transposeB ? swap(inputs.b as tf.TensorInfo) : inputs.b,
          },
          attrs: { ...attrs, transposeA: false, transposeB: false },
          backend,
        });
      } finally {
        const b = backend as { disposeData(id: object): void };
        for (const t of made) b.disposeData(t.dataId);
      }
    },
  });
  registry[PATCHED] = true;
}

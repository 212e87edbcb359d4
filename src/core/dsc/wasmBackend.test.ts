import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelObjective, kernelObjectiveNames } from './compareKernels';
import { conv3x3 } from './conv3x3';
import { createDsc } from './createDsc';
import { resolveKernels } from './dscObjective';
import { gridSuperpixels, randomEncoderWeights, randomImage, randomTensor } from './dscTestUtils';
import { patchWasmMatMul } from './wasmMatMul';

// The wasm backend (XNNPACK) with the 'polyphase' kernel set, against tfjs's stock kernels on
// the cpu backend: wasm itself has no Conv2DBackpropFilter to compare with.

/** Runs f on a backend and returns its outputs' values (tensors disposed). */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = f();
  try {
    return (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(out);
  }
}

/** Largest absolute difference over the largest absolute reference value. */
function relErr(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / Math.max(s, 1e-12);
}

/** Calls of the wasm Transpose kernel, counted from before the patch captures it. */
let transposes = 0;

describe('wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    const config = tf.getKernel('Transpose', 'wasm')!;
    const original = config.kernelFunc;
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      transposes++;
      return original(args);
    };
    patchWasmMatMul();
    patchWasmMatMul(); // idempotent: one patch, not a patch of the patch
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('resolves the polyphase kernel set', async () => {
    await tf.setBackend('wasm');
    expect(resolveKernels('auto')).toBe('polyphase');
  });

  it('transposed matmuls (explicit transposes) give the cpu backend products', async () => {
    const products = () => {
      const a = randomTensor([2, 5, 7], 1);
      const b = randomTensor([2, 7, 3], 2);
      return [
        tf.matMul(a, b),
        tf.matMul(a.transpose([0, 2, 1]), b, true, false),
        tf.matMul(a, b.transpose([0, 2, 1]), false, true),
        tf.matMul(a.transpose([0, 2, 1]), b.transpose([0, 2, 1]), true, true),
      ];
    };
    const want = await on('cpu', products);
    const got = await on('wasm', () => {
      const data = () => tf.engine().backend.numDataIds();
      const before = data();
      transposes = 0;
      const out = products();
      // The test's own 4 transposes, then 1 + 1 + 2 inside the transposed products.
      expect(transposes).toBe(4 + 4);
      // a, b, their 4 transposes and the 4 products: the kernel's own transposed copies are freed.
      expect(data() - before).toBe(2 + 4 + 4);
      return out;
    });
    const bad = got.map((g, i) => [i, relErr(g, want[i])]).filter(([, e]) => !(e < 1e-6));
    expect(bad).toEqual([]);
  });

  it.each([1, 2] as const)('polyphase conv3x3, stride %i: values and gradients as stock on cpu', async (stride) => {
    const f = (impl: 'stock' | 'polyphase') => () => {
      const x = randomTensor([1, 8, 12, 5], 3) as tf.Tensor4D;
      const k = randomTensor([3, 3, 5, 6], 4) as tf.Tensor4D;
      const up = randomTensor([1, 8 / stride, 12 / stride, 6], 5);
      const { value, grads } = tf.tidy(() =>
        tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
          conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, stride, impl).mul(up).sum(),
        )([x, k]),
      );
      const y = conv3x3(x, k, stride, impl);
      tf.dispose([x, k, up, value]);
      return [y, ...grads];
    };
    const want = await on('cpu', f('stock'));
    const got = await on('wasm', f('polyphase'));
    const errors = ['value', 'input gradient', 'filter gradient'].map((name, i) => [name, relErr(got[i], want[i])]);
    expect(errors.filter(([, e]) => !((e as number) < 1e-5))).toEqual([]);
  });

  it('the whole objective and every gradient: polyphase on wasm = stock on cpu', async () => {
    const want = await on('cpu', () => kernelObjective('stock'));
    const got = await on('wasm', () => kernelObjective('polyphase'));
    // Gradients at the scale of the largest one (conv biases' are 0 up to rounding under BN).
    const scale = Math.max(...want.slice(1).map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    const errors = kernelObjectiveNames().map((name, i) => {
      let d = 0;
      for (let j = 0; j < want[i].length; j++) d = Math.max(d, Math.abs(got[i][j] - want[i][j]));
      return [name, d / (i === 0 ? Math.abs(want[0][0]) : scale)] as const;
    });
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.filter(([, e]) => !(e < 1e-5))).toEqual([]);
  });

  it('a DSC run on wasm: labels every iteration, no tensor leak', async () => {
    await tf.setBackend('wasm');
    const weights = randomEncoderWeights([4, 6, 8], 7);
    const dsc = await createDsc(weights, { k: 5, iterations: 3, seed: 1 });
    tf.dispose([...weights.values()]);
    const image = randomImage(16, 12, 3);
    const superpixels = gridSuperpixels(16, 12, 4, 2);
    try {
      const run = async () => {
        let n = 0;
        for await (const it of dsc.run(image, superpixels)) {
          n++;
          expect(it.labels.length).toBe(16 * 12);
          expect(Number.isFinite(it.total)).toBe(true);
        }
        return n;
      };
      expect(await run()).toBe(3);
      const before = tf.memory().numTensors;
      expect(await run()).toBe(3);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      dsc.dispose();
    }
  });
});

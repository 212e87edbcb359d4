import * as tf from '@tensorflow/tfjs';

/**
 * A compute program for tfjs's webgpu backend (the fields of its WebGPUProgram interface that a
 * program sets; the backend adds the rest). tfjs generates the bindings around getUserCode():
 * `result` (the output), one read-only array per entry of `variableNames`, and `uniforms` with
 * each input's shape, the output's, `size` (when `size` is set) and the fields in `uniforms`.
 */
export interface WgslProgram {
  /** Identifies the compiled pipeline: everything baked into getUserCode() must be in it. */
  shaderKey: string;
  outputShape: number[];
  variableNames: string[];
  workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  /** {x: every output dimension} for one thread per output element (main(index)). */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  size?: boolean;
  /** WGSL struct fields, e.g. 'n : i32, eps : f32,'. */
  uniforms?: string;
  getUserCode: () => string;
}

export type WgslUniform = { type: 'int32' | 'float32'; data: number[] };

interface WebGPUBackendLike {
  runWebGPUProgram(
    program: WgslProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    uniforms?: WgslUniform[],
  ): tf.TensorInfo;
}

/** Whether the current tfjs backend runs WGSL programs. */
export const onWebGPU = () => tf.getBackend() === 'webgpu';

/** One prototype per shader key (see runWgsl), made once. */
const named = new Map<string, object>();

/** Runs `program` on the current (webgpu) backend and returns its float32 output as a tensor. */
export function runWgsl(program: WgslProgram, inputs: tf.Tensor[], uniforms: WgslUniform[] = []): tf.Tensor {
  if (!onWebGPU()) throw new Error(`${program.shaderKey}: a WGSL program needs the webgpu backend, not ${tf.getBackend()}`);
  const backend = tf.backend() as unknown as WebGPUBackendLike;
  // tfjs names a program by program.constructor.name in its profiles (tf.profile, audit:dsc):
  // the shader key, rather than 'Object' for every program of ours.
  let proto = named.get(program.shaderKey);
  if (!proto) {
    proto = { constructor: { name: program.shaderKey } };
    named.set(program.shaderKey, proto);
  }
  const info = backend.runWebGPUProgram(Object.assign(Object.create(proto) as WgslProgram, program), inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** One thread per output element, `threads` per workgroup (tfjs flattens a dispatch over the limit). */
export function flatProgram(
  shaderKey: string,
  outputShape: number[],
  variableNames: string[],
  body: string,
  uniforms?: string,
  threads = 128,
): WgslProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey,
    outputShape,
    variableNames,
    workgroupSize: [threads, 1, 1],
    dispatch: [Math.ceil(size / threads), 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    size: true,
    uniforms,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

/**
 * WGSL: sums a 64-entry workgroup array `sh` into sh[0] by a tree, run by every thread of a
 * 64-thread workgroup (`t` its local index), after each thread wrote its own entry and a barrier.
 */
export const treeSum64 = (sh = 'sh', t = 't') => `
        for (var hw = 32; hw > 0; hw = hw / 2) {
          if (${t} < hw) { ${sh}[${t}] = ${sh}[${t}] + ${sh}[${t} + hw]; }
          workgroupBarrier();
        }`;

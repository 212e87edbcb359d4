import * as tf from '@tensorflow/tfjs';
import { SUPERAE_LAYERS } from '../superae/buildSuperAE';

/**
 * Named encoder weights, keyed as tfjs names them: `e1_conv/kernel`, `e2_bn/moving_mean`, ...
 * A Map, or a plain record such as the SuperAE loader's `weights()`.
 */
export type EncoderWeights = ReadonlyMap<string, tf.Tensor> | tf.NamedTensorMap;

/** The weights as a Map (no copy of the tensors). */
export function encoderWeightMap(weights: EncoderWeights): ReadonlyMap<string, tf.Tensor> {
  return weights instanceof Map ? weights : new Map(Object.entries(weights as tf.NamedTensorMap));
}

export const ENCODER_STAGES = ['e1', 'e2', 'e3'] as const;

/** The weight names the DSC encoder needs, in a fixed order. */
export function encoderWeightNames(): string[] {
  const names: string[] = [];
  for (const s of ENCODER_STAGES) {
    const { conv, bn } = SUPERAE_LAYERS[s];
    names.push(`${conv}/kernel`, `${conv}/bias`);
    names.push(`${bn}/gamma`, `${bn}/beta`, `${bn}/moving_mean`, `${bn}/moving_variance`);
  }
  return names;
}

/** Whether a weight is fine-tuned by DSC (conv and BN affine parameters, not BN statistics). */
export function isTrainableWeight(name: string): boolean {
  return !name.endsWith('/moving_mean') && !name.endsWith('/moving_variance');
}

/**
 * Copies E1..E3's weights out of a SuperAE LayersModel (built by buildSuperAE or loaded from
 * models/superae). The caller owns, and disposes, the returned tensors.
 */
export function encoderWeightsFromModel(model: tf.LayersModel): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  const wanted = new Set(encoderWeightNames());
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const name = `${layer.name}/${w.originalName.split('/').pop()}`;
      if (wanted.has(name)) out.set(name, w.read().clone());
    }
  }
  const missing = [...wanted].filter((n) => !out.has(n));
  if (missing.length) {
    for (const t of out.values()) t.dispose();
    throw new Error(`SuperAE model lacks encoder weights: ${missing.join(', ')}`);
  }
  return out;
}

/**
 * Checks names, shapes (3x3 kernels, channels chained E1 -> E2 -> E3 from 3 input channels) and
 * finiteness. Returns the channel counts of E1, E2, E3. Any channel counts are accepted, so tests
 * can run the same code on a narrow encoder.
 */
export async function checkEncoderWeights(
  encoderWeights: EncoderWeights,
): Promise<[number, number, number]> {
  const weights = encoderWeightMap(encoderWeights);
  const channels: number[] = [];
  let inC = 3;
  for (const s of ENCODER_STAGES) {
    const { conv, bn } = SUPERAE_LAYERS[s];
    const kernel = weights.get(`${conv}/kernel`);
    if (!kernel) throw new Error(`encoder weights: missing ${conv}/kernel`);
    const [kh, kw, ci, co] = kernel.shape;
    if (kernel.rank !== 4 || kh !== 3 || kw !== 3 || ci !== inC)
      throw new Error(
        `encoder weights: ${conv}/kernel must be [3, 3, ${inC}, C], got [${kernel.shape.join(', ')}]`,
      );
    for (const n of [
      `${conv}/bias`,
      `${bn}/gamma`,
      `${bn}/beta`,
      `${bn}/moving_mean`,
      `${bn}/moving_variance`,
    ]) {
      const t = weights.get(n);
      if (!t) throw new Error(`encoder weights: missing ${n}`);
      if (t.rank !== 1 || t.shape[0] !== co)
        throw new Error(`encoder weights: ${n} must be [${co}], got [${t.shape.join(', ')}]`);
    }
    channels.push(co);
    inC = co;
  }
  for (const n of encoderWeightNames()) {
    // Asynchronous read: a synchronous one on webgpu goes through WebGPU canvases whose
    // collection was seen to destroy the device in Chromium.
    const v = await weights.get(n)!.data();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]))
        throw new Error(`encoder weights: ${n} holds a non-finite value (${v[i]})`);
    }
  }
  return channels as [number, number, number];
}

/**
 * Spot check that a tfjs SuperAE export reconstructs a real (small) image like its PyTorch twin,
 * the one training/reconstruct_split.py uses for the ablation (docs/ablation.md):
 *
 *   /usr/bin/python3 training/reconstruct_split.py --model models/superae --split val --spot-check DIR
 *   npx tsx src/cli/superaeSpotCheck.ts models/superae DIR
 *
 * Reads DIR/input.png and DIR/reconstruction.f32 (float32 HWC), runs SuperAE.predict (cpu
 * backend; it pads to multiples of 4 and crops back) and prints the max-abs difference of the
 * float reconstructions and how many 8-bit pixel values differ. Exits 1 above 1e-4.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { rgbaToTensor, rgbFloatsToRgba } from '../core/superae/imageTensor';
import { loadSuperAE } from '../core/superae/loadSuperAE';
import { maxAbsDiff } from '../core/superae/parityFixture';
import { readImage } from './io/readImage';
import { nodeModelHandler } from './io/nodeModelHandler';

const TOLERANCE = 1e-4;

async function main(): Promise<void> {
  const [modelArg, dirArg] = process.argv.slice(2);
  if (!modelArg || !dirArg) throw new Error('usage: superaeSpotCheck.ts MODEL_DIR SPOT_DIR');
  await tf.setBackend('cpu');
  const dir = resolve(dirArg);
  const image = readImage(resolve(dir, 'input.png'));
  const raw = readFileSync(resolve(dir, 'reconstruction.f32'));
  const expected = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (expected.length !== image.width * image.height * 3) {
    throw new Error(`reconstruction.f32 holds ${expected.length} floats, expected ${image.width}x${image.height}x3`);
  }
  const ae = await loadSuperAE(nodeModelHandler(resolve(modelArg, 'model.json')), { warmUp: false });
  const x = rgbaToTensor(image);
  const out = ae.predict(x);
  const got = await out.reconstruction.data();
  tf.dispose([x, out.reconstruction, out.e1, out.e2, out.e3]);
  ae.dispose();
  const d = maxAbsDiff(got, expected);
  const a = rgbFloatsToRgba(got, image.width, image.height).data;
  const b = rgbFloatsToRgba(expected, image.width, image.height).data;
  let bytes = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bytes++;
  console.log(
    `${modelArg} on ${image.width}x${image.height}: max-abs difference tfjs vs PyTorch ${d.toExponential(3)}; ` +
      `${bytes} of ${image.width * image.height * 3} 8-bit values differ`,
  );
  if (!(d <= TOLERANCE)) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

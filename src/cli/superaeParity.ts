/**
 * Prints how far a tfjs SuperAE export is from the PyTorch outputs in the parity fixture
 * (max-abs difference of the reconstruction and E3, cpu backend), e.g. to decide whether
 * float16 weight shards keep parity. The fixture belongs to models/superae; another folder
 * (say, a float16 export of the same checkpoint) is compared against the same outputs.
 * Run: npm run superae:parity -- [modelDir] [fixtureDir]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadSuperAE } from '../core/superae/loadSuperAE';
import { maxAbsDiff, parseParityFixture, type ParityFixtureMeta } from '../core/superae/parityFixture';
import { nodeModelHandler } from './io/nodeModelHandler';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const root = resolve(import.meta.dirname, '../..');
  const modelDir = resolve(process.argv[2] ?? resolve(root, 'models/superae'));
  const fixtureDir = resolve(process.argv[3] ?? resolve(root, 'src/core/superae/__fixtures__'));
  const meta = JSON.parse(readFileSync(resolve(fixtureDir, 'superae_parity.json'), 'utf8')) as ParityFixtureMeta;
  const bin = readFileSync(resolve(fixtureDir, 'superae_parity.bin'));
  const fx = parseParityFixture(meta, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const ae = await loadSuperAE(nodeModelHandler(resolve(modelDir, 'model.json')), { warmUp: false });
  const x = tf.tensor4d(fx.input.values, fx.input.shape);
  const out = ae.predict(x);
  const dRecon = maxAbsDiff(await out.reconstruction.data(), fx.reconstruction.values);
  const dE3 = maxAbsDiff(await out.e3.data(), fx.e3.values);
  tf.dispose([x, out.reconstruction, out.e1, out.e2, out.e3]);
  ae.dispose();
  console.log(`${modelDir}: max-abs difference to PyTorch: reconstruction ${dRecon.toExponential(3)}, E3 ${dE3.toExponential(3)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

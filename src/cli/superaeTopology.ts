/**
 * Writes the SuperAE's Keras-style topology and weight specs, as tf.LayersModel.save produces
 * them, to training/superae_topology.json. The Python exporter (training/export_tfjs.py) fills
 * in trained weights against exactly these specs, so the topology is defined once, in
 * buildSuperAE.ts. Run: npm run superae:topology
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildSuperAE } from '../core/superae/buildSuperAE';
import { modelArtifacts } from '../core/superae/modelArtifacts';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const model = buildSuperAE();
  const artifacts = await modelArtifacts(model);
  model.dispose();
  const weightSpecs = artifacts.weightSpecs ?? [];
  const out = resolve(import.meta.dirname, '../../training/superae_topology.json');
  const json = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightSpecs,
  };
  writeFileSync(out, JSON.stringify(json, null, 1) + '\n');
  console.log(`wrote ${out} (${weightSpecs.length} weights)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * A tf.io.IOHandler that reads a layers model (model.json + the weight shards it lists) from
 * disk with node:fs, for Node CLIs and tests (tfjs' own file:// handler needs tfjs-node).
 * Files are read when tf.loadLayersModel calls load(), so a missing file fails the load.
 */
export function nodeModelHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
        throw new Error(`${modelJsonPath}: not a tfjs layers model (modelTopology/weightsManifest missing)`);
      }
      const dir = dirname(modelJsonPath);
      const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
      const buffers = json.weightsManifest.flatMap((g) =>
        g.paths.map((p) => {
          const b = readFileSync(resolve(dir, p));
          return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
        }),
      );
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
      };
    },
  };
}

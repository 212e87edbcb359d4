import * as tf from '@tensorflow/tfjs';

/**
 * What tf.LayersModel.save would write (Keras-style topology, weight specs, weight bytes),
 * captured in memory. Used to capture the SuperAE topology for the Python exporter and to
 * compare topologies in tests.
 */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs) throw new Error('model.save produced no topology');
  return captured;
}

/** A worker thread of the BSDS500 benchmark: evaluates the image jobs it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type ImageJob } from './jobs';

const pngSettings = (workerData as { pngSettings: number[] }).pngSettings;
parentPort!.on('message', (job: ImageJob) => {
  parentPort!.postMessage(runJob(job, pngSettings));
});

/**
 * Runs image jobs on a pool of worker threads (or inline when `workers` is 0) and reports each
 * result as it arrives. Workers load the TypeScript worker through tsx's API (`--import tsx` in a
 * worker's execArgv does not register the loader there on Node 20).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type ImageJob, type JobResult } from './jobs';

function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  }
}

function startTsWorker(url: URL, workerData: unknown): Worker {
  const code =
    `import(${JSON.stringify(tsxApiUrl())})` +
    `.then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}

export async function runJobs(
  jobs: readonly ImageJob[],
  pngSettings: readonly number[],
  workers: number,
  onResult: (r: JobResult) => void,
): Promise<JobResult[]> {
  const results = new Array<JobResult>(jobs.length);
  if (workers === 0 || jobs.length === 0) {
    jobs.forEach((job, i) => {
      results[i] = runJob(job, pngSettings);
      onResult(results[i]);
    });
    return results;
  }
  let next = 0;
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = startTsWorker(new URL('./worker.ts', import.meta.url), { pngSettings });
      let current = -1;
      const feed = (): void => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage(jobs[current]);
      };
      worker.on('message', (r: JobResult) => {
        results[current] = r;
        onResult(r);
        feed();
      });
      worker.on('error', (e) => {
        reject(
          new Error(
            `worker failed on image ${current >= 0 ? jobs[current].id : '?'}: ${e.message}`,
          ),
        );
      });
      // Messages posted before the worker has loaded wait in its port.
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, start));
  return results;
}

/**
 * Web Worker entry: runs the superpixel algorithms off the main thread. Protocol in
 * superpixels.types.ts, logic in superpixelsHandler.ts; use it through SuperpixelsClient.
 */
import type { SuperpixelsReply } from './superpixels.types';
import { createSuperpixelsHandler } from './superpixelsHandler';

interface WorkerScope {
  postMessage(message: SuperpixelsReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

const scope = self as unknown as WorkerScope;
const handle = createSuperpixelsHandler((reply, transfer) => scope.postMessage(reply, transfer ?? []));
scope.onmessage = (event) => {
  void handle(event.data);
};

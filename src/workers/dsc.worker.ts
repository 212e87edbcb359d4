import type { DscReply, DscRequest } from './dscProtocol';
import { DscService } from './dscService';

// The project compiles against the DOM lib; a dedicated worker's scope is typed by hand here.
const scope = self as unknown as {
  postMessage(message: DscReply, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<DscRequest>) => void) | null;
};

const service = new DscService((reply, transfer) => scope.postMessage(reply, transfer ?? []));

scope.onmessage = (e) => {
  void service.handle(e.data);
};

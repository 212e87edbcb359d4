import { create } from 'zustand';
import type { RgbaImage } from '../core/image/RgbaImage';
import { DEFAULT_LONG_SIDE } from '../core/image/workingSize';
import type { BackendStatus } from './tfBackend';

export interface ImageSource {
  kind: 'sample' | 'file';
  name: string;
  /** Sample id, for links that reproduce a run. */
  sampleId?: string;
}

export interface Message {
  kind: 'error' | 'info';
  text: string;
}

export interface AppState {
  backend: BackendStatus | null;
  backendError: string | null;
  source: ImageSource | null;
  originalSize: { width: number; height: number } | null;
  /** The image at working resolution. */
  image: RgbaImage | null;
  /** Long side of the working resolution, in pixels. */
  longSide: number;
  loading: boolean;
  message: Message | null;
}

export const useAppStore = create<AppState>(() => ({
  backend: null,
  backendError: null,
  source: null,
  originalSize: null,
  image: null,
  longSide: DEFAULT_LONG_SIDE,
  loading: false,
  message: null,
}));

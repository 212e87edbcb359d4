import type { View } from './store';

/** Two or three sentences per stage for the classroom, with the paper's equation numbers. */
export const EXPLANATIONS: Record<View, { title: string; text: string }> = {
  original: {
    title: 'Original image',
    text: 'The input, scaled so its long side is at most the working resolution. Nothing is learned from labels: the method is unsupervised.',
  },
  reconstruction: {
    title: 'SuperAE reconstruction',
    text: 'A small autoencoder (encoder E1–E3, decoder D1–D3) was trained to reconstruct images while keeping each template superpixel flat (Eq. 1–2). Its output is a smoothed image on which superpixels follow object boundaries better; its encoder gives the deep features DSC fine-tunes.',
  },
  superpixels: {
    title: 'Superpixels',
    text: 'SLIC, Felzenszwalb–Huttenlocher (EGB) or mean shift over-segment the image into small regions of similar colour. DSC never splits a superpixel: it only decides which superpixels belong together.',
  },
  partition: {
    title: 'Deep Superpixel Cut',
    text: 'Each pixel gets a K-dimensional embedding Z from the encoder and a 1×1 convolution. Every superpixel takes the majority label of its pixels as a pseudo-label (Eq. 4) to train on (Eq. 3), while a soft cut over the superpixel graph (Eq. 5–8) keeps similar superpixels in the same partition; the loss (Eq. 9) is minimised by SGD, and superpixels merge into regions iteration by iteration.',
  },
};

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Space', action: 'Play or pause the DSC loop' },
  { keys: '→', action: 'Step one iteration (when paused)' },
  { keys: 'R', action: 'Restart the DSC loop' },
  { keys: '1–4', action: 'View original, reconstruction, superpixels, partition' },
  { keys: 'L', action: 'Large type (for projectors)' },
  { keys: '?', action: 'Show or hide this help' },
];

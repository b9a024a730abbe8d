type MinorGc = (options: { readonly type: 'minor' }) => void;

const exposedGc = (globalThis as { gc?: MinorGc }).gc;

/**
 * Every byte of a trace arrives in a socket read buffer that is garbage as soon as it is copied into a
 * part, but V8 frees such buffers only after about 64 MB more of them, which is most of a streaming
 * worker's RSS growth (BENCHMARKS.md, issue 15). A scavenge (young generation only, about a millisecond)
 * once per part frees them while they are still young. It needs `--expose-gc`, which the image sets in
 * NODE_OPTIONS; without it this does nothing.
 */
export function collectReadBuffers(): void {
  exposedGc?.({ type: 'minor' });
}

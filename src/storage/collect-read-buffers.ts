type ExposedGc = (options: { readonly type: 'minor' | 'major' }) => void;

const exposedGc = (globalThis as { gc?: ExposedGc }).gc;

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

/**
 * The part pool's buffers have lived through many scavenges, so only a full collection frees them;
 * it runs once, when the pool has been idle (src/storage/part-pool.ts). Without `--expose-gc` they go
 * whenever V8 next collects in full.
 */
export function collectReleasedParts(): void {
  exposedGc?.({ type: 'major' });
}

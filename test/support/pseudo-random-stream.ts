import { createCipheriv } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * `sizeBytes` of deterministic, incompressible bytes (an AES-CTR keystream of `seed`), produced
 * chunk by chunk so a test can stream hundreds of MiB without holding them.
 */
export function pseudoRandomStream(sizeBytes: number, seed = 'capturebot', chunkBytes = 1 << 20): Readable {
  const key = Buffer.alloc(16);
  key.write(seed);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(chunkBytes);
  let left = sizeBytes;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(cipher.final());
        this.push(null);
        return;
      }
      const n = Math.min(left, chunkBytes);
      left -= n;
      this.push(cipher.update(zeros.subarray(0, n)));
    },
  });
}

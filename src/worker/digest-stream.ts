import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export interface TraceDigest {
  readonly sizeBytes: number;
  readonly sha256: string;
}

export interface DigestStream {
  /** Passes bytes through unchanged, counting and hashing them. */
  readonly stream: Transform;
  /** Size and hex sha256 of everything that passed; throws until the input has ended. */
  result(): TraceDigest;
}

export function createDigestStream(): DigestStream {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let digest: TraceDigest | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      digest = { sizeBytes, sha256: hash.digest('hex') };
      callback();
    },
  });
  return {
    stream,
    result() {
      if (!digest) throw new Error('the digest is known only once the stream has ended');
      return digest;
    },
  };
}

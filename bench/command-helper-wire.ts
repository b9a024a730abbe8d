/** The bench's command helper speaks this on its stdout: [kind u8][id u32][length u32][payload]. */
export const FRAME_HEADER = 9;

export const FrameKind = {
  Stdout: 1,
  Stderr: 2,
  /** Payload: the exit code, in decimal. */
  Exited: 3,
  /** Payload: why the binary could not start. */
  Failed: 4,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** What the bench sends the helper on its stdin, one JSON object per line. */
export type HelperRequest =
  | { readonly start: number; readonly file: string; readonly args: readonly string[] }
  | { readonly kill: number }
  | { readonly pause: number }
  | { readonly resume: number };

export function frame(kind: FrameKind, id: number, payload: Buffer): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(payload.length, 5);
  return Buffer.concat([header, payload]);
}

/** Splits a byte stream into frames, keeping a partial frame for the next chunk. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (kind: FrameKind, id: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (data.length >= FRAME_HEADER) {
      const length = data.readUInt32BE(5);
      if (data.length < FRAME_HEADER + length) break;
      this.onFrame(data.readUInt8(0) as FrameKind, data.readUInt32BE(1), data.subarray(FRAME_HEADER, FRAME_HEADER + length));
      data = data.subarray(FRAME_HEADER + length);
    }
    this.pending = data;
  }
}

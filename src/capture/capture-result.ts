import { z } from 'zod';

/** One trace file a capture stored: one per node the capture ran on. */
export const traceFileSchema = z.object({
  key: z.string().min(1),
  node: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
});

/**
 * What a finished capture job keeps in Redis (its BullMQ return value): where
 * its traces are, never a link, which is a credential. `key`, `node`,
 * `sizeBytes` and `sha256` describe the only trace, or for a capture over
 * several nodes the first one, with the total size; `files` then lists all.
 */
export const captureResultSchema = z.object({
  key: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  node: z.string().min(1),
  linkExpiresAt: z.string(),
  files: z.array(traceFileSchema).min(1).optional(),
});

export type TraceFile = z.infer<typeof traceFileSchema>;
export type CaptureResult = z.infer<typeof captureResultSchema>;

/** Every trace file of a finished capture. */
export function traceFilesOf(result: CaptureResult): TraceFile[] {
  return result.files ?? [{ key: result.key, node: result.node, sizeBytes: result.sizeBytes, sha256: result.sha256 }];
}

/** The file name in an object key: its last path segment. */
export function fileNameOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

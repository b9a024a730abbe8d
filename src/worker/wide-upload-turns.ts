import type { NodePods } from '../capture/capture-status.js';
import type { StatusReport } from './capture-ending.js';
import { awaitUploadTurn, type ReleaseTurn, type UploadTurns } from './upload-turns.js';

/**
 * The upload turns of a capture over several nodes, under its one status
 * message: until the first of its traces streams, the message shows the best
 * place in line among them; then it says "Uploading" once, as before MAX_UPLOADS.
 */
export function wideUploadTurns(
  turns: UploadTurns | undefined,
  signal: AbortSignal,
  report: StatusReport,
  status: { readonly node: string; readonly resolved: readonly NodePods[] },
): (index: number) => Promise<ReleaseTurn> {
  const places = new Map<number, number>();
  let uploading: Promise<void> | undefined;
  return async (index) => {
    const release = await awaitUploadTurn(turns, signal, async (place) => {
      places.set(index, place);
      if (uploading) return;
      await report({ stage: 'upload-waiting', ...status, place: Math.min(...places.values()) });
    });
    places.delete(index);
    uploading ??= report({ stage: 'uploading', ...status });
    await uploading;
    return release;
  };
}

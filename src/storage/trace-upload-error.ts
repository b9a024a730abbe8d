import { UserFacingError } from '../capture/user-facing-error.js';

/**
 * A trace that could not be stored; the message names the object and the S3
 * error, never a credential or link, so the channel may see it as it is.
 */
export class TraceUploadError extends UserFacingError {
  override readonly name = 'TraceUploadError';
}

interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/** Describes why an upload to `s3://bucket/key` failed, from an S3 SDK, network or stream error. */
export function traceUploadError(bucket: string, key: string, error: unknown, signal?: AbortSignal): TraceUploadError {
  const target = `s3://${bucket}/${key}`;
  if (signal?.aborted) {
    return new TraceUploadError(`upload to ${target} was cancelled`, { cause: error });
  }
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = sdk.$metadata?.httpStatusCode;
  const attempts = sdk.$metadata?.attempts;
  const tried = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  const reason =
    status !== undefined
      ? `${sdk.name ?? 'S3 error'} (HTTP ${status})`
      : (sdk.message ?? String(error)).split('\n', 1)[0];
  return new TraceUploadError(`could not store the trace at ${target}: ${reason}${tried}`, { cause: error });
}

import { ApiException } from '@kubernetes/client-node';
import { UserFacingError } from '../capture/user-facing-error.js';

/** The HTTP status of a failed API call or watch, when there is one. */
export function httpStatus(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  if (typeof err === 'object' && err !== null) {
    const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
    if (typeof statusCode === 'number') return statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** The `message` of the Status object the API server sent back, if any. */
export function apiStatusMessage(err: unknown): string | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body: unknown = err.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') {
    return (parsed as { message: string }).message;
  }
  return undefined;
}

/** What the service account lacks, written for the channel (403 from the API server). */
export function permissionDenied(verb: string, resource: string, namespace: string): UserFacingError {
  return new UserFacingError(
    `capturebot's service account may not ${verb} ${resource} in namespace ${namespace}: ` +
      `ask a cluster admin to grant it (see deploy/ RBAC)`,
  );
}

/** Pod Security admission answers 403 too; its message names the violated level. */
export function isPodSecurityRejection(err: unknown): boolean {
  return httpStatus(err) === 403 && /violates PodSecurity/i.test(apiStatusMessage(err) ?? '');
}

/** Wraps an unexpected API failure with what was being done; the cause keeps the details for the log. */
export function apiFailure(action: string, err: unknown): Error {
  const status = httpStatus(err);
  const detail = apiStatusMessage(err) ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));
  return new Error(`while trying to ${action}: ${status ? `HTTP ${status}: ` : ''}${detail}`, { cause: err });
}

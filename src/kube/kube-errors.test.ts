import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../capture/user-facing-error.js';
import { apiFailure, apiStatusMessage, httpStatus, isPodSecurityRejection, permissionDenied } from './kube-errors.js';

function statusError(code: number, reason: string, message: string): ApiException<string> {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  return new ApiException(code, 'Unknown API Status Code!', body, {});
}

const rbac = statusError(
  403,
  'Forbidden',
  'pods is forbidden: User "system:serviceaccount:capturebot:capturebot" cannot create resource "pods" in API group "" in the namespace "capturebot-captures"',
);
const podSecurity = statusError(
  403,
  'Forbidden',
  'pods "capture-01j9" is forbidden: violates PodSecurity "baseline:latest": privileged (container "capture" must not set securityContext.privileged=true)',
);

describe('kube errors', () => {
  it('reads the status code of API calls and of failed watches', () => {
    expect(httpStatus(rbac)).toBe(403);
    expect(httpStatus(Object.assign(new Error('Gone'), { statusCode: 410 }))).toBe(410);
    expect(httpStatus(new TypeError('fetch failed'))).toBeUndefined();
  });

  it('reads the message of the Status the API server returned', () => {
    expect(apiStatusMessage(rbac)).toMatch(/^pods is forbidden/);
    expect(apiStatusMessage(new ApiException(502, 'Bad Gateway', '<html>proxy error</html>', {}))).toBe('<html>proxy error</html>');
    expect(apiStatusMessage(new Error('x'))).toBeUndefined();
  });

  it('tells a Pod Security rejection from a missing RBAC permission', () => {
    expect(isPodSecurityRejection(podSecurity)).toBe(true);
    expect(isPodSecurityRejection(rbac)).toBe(false);
  });

  it('writes a permission problem for the channel, naming verb, resource and namespace', () => {
    const err = permissionDenied('create', 'pods/exec', 'capturebot-captures');
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.message).toMatch(/may not create pods\/exec in namespace capturebot-captures/);
  });

  it('keeps the cause and the server\'s words when wrapping an unexpected failure', () => {
    const cause = statusError(500, 'InternalError', 'etcdserver: request timed out');
    const err = apiFailure('create capture pod capture-01j9', cause);
    expect(err.message).toBe('while trying to create capture pod capture-01j9: HTTP 500: etcdserver: request timed out');
    expect(err.cause).toBe(cause);
  });
});

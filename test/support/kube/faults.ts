import type { RequestRecord } from './kube-types.js';
import type { StatusBody } from './status-body.js';
import { alreadyExists, conflict, forbidden, internalError, serviceUnavailable, tooManyRequests } from './status-body.js';

/** Which requests to refuse, and how. Omitted filters match anything; subresource must match exactly. */
export interface FaultSpec {
  readonly verb: RequestRecord['verb'];
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  /** Only requests across all namespaces (`GET /api/v1/pods`), not those in one. */
  readonly clusterWide?: true;
  readonly name?: string;
  readonly status: 403 | 409 | 429 | 500 | 503;
  /** How many matching requests fail; 1 when omitted. */
  readonly times?: number;
  /** For 500: the underlying error text. */
  readonly message?: string;
}

function matches(spec: FaultSpec, request: RequestRecord, objectName?: string): boolean {
  return (
    (spec.verb === request.verb || (request.alsoAuthorized ?? []).includes(spec.verb)) &&
    spec.resource === request.resource &&
    spec.subresource === request.subresource &&
    (spec.namespace === undefined || spec.namespace === request.namespace) &&
    (!spec.clusterWide || request.namespace === undefined) &&
    (spec.name === undefined || spec.name === (request.name ?? objectName))
  );
}

function statusFor(spec: FaultSpec, request: RequestRecord, user: string, objectName?: string): StatusBody {
  const subject = { ...request, apiGroup: request.apiGroup };
  const named = { ...subject, name: request.name ?? objectName };
  switch (spec.status) {
    case 403:
      return forbidden(subject, spec.verb, user);
    case 409:
      return request.verb === 'create' ? alreadyExists(named) : conflict(named);
    case 429:
      return tooManyRequests();
    case 500:
      return internalError(spec.message ?? 'etcdserver: request timed out');
    case 503:
      return serviceUnavailable();
  }
}

/** Scripted failures: the next matching requests get a real Status error instead of being served. */
export class FaultInjector {
  private readonly pending: { spec: FaultSpec; left: number }[] = [];

  constructor(private readonly user: string) {}

  failNext(spec: FaultSpec): void {
    this.pending.push({ spec, left: spec.times ?? 1 });
  }

  /**
   * The refusal for request if a fault is armed for it (and uses up one of its times).
   * objectName: the name in a create's body, which the URL does not carry.
   */
  take(request: RequestRecord, objectName?: string): StatusBody | undefined {
    const armed = this.pending.find((p) => p.left > 0 && matches(p.spec, request, objectName));
    if (!armed) return undefined;
    armed.left -= 1;
    return statusFor(armed.spec, request, this.user, objectName);
  }

  clear(): void {
    this.pending.length = 0;
  }
}

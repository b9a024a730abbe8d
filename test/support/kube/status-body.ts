/** A metav1.Status as the API server writes it for failed requests. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[] };
  code: number;
}

/** The resource a status talks about: `pods`, `deployments` (group `apps`), `pods/exec`. */
export interface StatusSubject {
  readonly resource: string;
  readonly apiGroup?: string;
  readonly subresource?: string;
  readonly name?: string;
  readonly namespace?: string;
}

function failure(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function detailsOf(s: StatusSubject): NonNullable<StatusBody['details']> {
  return { ...(s.name !== undefined ? { name: s.name } : {}), ...(s.apiGroup ? { group: s.apiGroup } : {}), kind: s.resource };
}

/** `pods "x"` or `deployments.apps "x"`, as the server names a resource in messages. */
function qualified(s: StatusSubject): string {
  return s.apiGroup ? `${s.resource}.${s.apiGroup}` : s.resource;
}

export function notFound(s: StatusSubject): StatusBody {
  return failure(404, 'NotFound', `${qualified(s)} "${s.name ?? ''}" not found`, detailsOf(s));
}

export function alreadyExists(s: StatusSubject): StatusBody {
  return failure(409, 'AlreadyExists', `${qualified(s)} "${s.name ?? ''}" already exists`, detailsOf(s));
}

export function conflict(s: StatusSubject): StatusBody {
  const message = `Operation cannot be fulfilled on ${qualified(s)} "${s.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`;
  return failure(409, 'Conflict', message, detailsOf(s));
}

/** The authorizer's refusal, worded as the real API server words it. */
export function forbidden(s: StatusSubject, verb: string, user: string): StatusBody {
  const resource = s.subresource ? `${s.resource}/${s.subresource}` : s.resource;
  const scope = s.namespace !== undefined ? `in the namespace "${s.namespace}"` : 'at the cluster scope';
  const subject = s.name !== undefined ? `${qualified(s)} "${s.name}"` : qualified(s);
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${s.apiGroup ?? ''}" ${scope}`;
  return failure(403, 'Forbidden', message, detailsOf(s));
}

export function unauthorized(): StatusBody {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function badRequest(message: string): StatusBody {
  return failure(400, 'BadRequest', message);
}

/** A validation failure; kind is the object's Kind (`Pod`), as the real message names it. */
export function invalid(kind: string, name: string, field: string, problem: string): StatusBody {
  const message = `${kind} "${name}" is invalid: ${field}: ${problem}`;
  return failure(422, 'Invalid', message, { name, kind, causes: [{ reason: 'FieldValueRequired', message: problem, field }] });
}

export function methodNotAllowed(): StatusBody {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function unknownPath(): StatusBody {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function internalError(message: string): StatusBody {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function serviceUnavailable(): StatusBody {
  return failure(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
}

export function tooManyRequests(): StatusBody {
  return failure(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later');
}

/** The ERROR watch event's object when a watch starts before the kept history. */
export function expired(requested: number, oldest: number): StatusBody {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

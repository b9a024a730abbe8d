import { Observable } from '@kubernetes/client-node';
import type { CoreV1Api, ObservableMiddleware, RequestContext, ResponseContext, V1Pod, V1Service } from '@kubernetes/client-node';
import type { PeerOwnersLookup, PeerLookupOptions } from '../worker/ports.js';
import { apiFailure, httpStatus } from './kube-errors.js';
import { indexOwners } from './peer-owner-index.js';

/** Pages of a cluster-wide list; past MAX_PAGES the rest of a very large cluster is not read. */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;

interface ListPage<T> {
  readonly items: T[];
  readonly metadata?: { readonly _continue?: string };
}

type PeerResource = PeerOwnersLookup['failures'][number]['resource'];

/** Per-call options that hand signal to the request, so a timeout aborts it rather than leaving it open. */
function abortable(signal: AbortSignal): { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' } {
  const middleware: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

async function listAll<T>(page: (continueToken: string | undefined) => Promise<ListPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages += 1) {
    const list = await page(token);
    items.push(...list.items);
    token = list.metadata?._continue || undefined;
    if (!token) break;
  }
  return items;
}

function reasonOf(resource: PeerResource, err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `listing ${resource} took longer than ${Math.max(1, Math.round(timeoutMs / 1000))}s`;
  if (httpStatus(err) === 403) return `capturebot's service account may not list ${resource} across the cluster`;
  return apiFailure(`list ${resource} across the cluster`, err).message;
}

/**
 * Who owns the addresses, from one list of pods and one of Services across
 * the cluster (however many addresses there are). Never rejects: a list that
 * fails or runs out of time is named in failures and the other still counts.
 */
export async function lookupPeerOwners(core: CoreV1Api, ips: readonly string[], options: PeerLookupOptions): Promise<PeerOwnersLookup> {
  if (ips.length === 0) return { owners: new Map(), failures: [] };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const call = abortable(signal);
  const failures: { resource: PeerResource; reason: string }[] = [];
  const attempt = async <T>(resource: PeerResource, list: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await list();
    } catch (err) {
      failures.push({ resource, reason: reasonOf(resource, err, signal, options.timeoutMs) });
      return [];
    }
  };
  const [pods, services] = await Promise.all([
    attempt<V1Pod>('pods', () => listAll((token) => core.listPodForAllNamespaces({ limit: PAGE_SIZE, ...(token ? { _continue: token } : {}) }, call))),
    attempt<V1Service>('services', () => listAll((token) => core.listServiceForAllNamespaces({ limit: PAGE_SIZE, ...(token ? { _continue: token } : {}) }, call))),
  ]);
  return { owners: indexOwners(pods, services, new Set(ips)), failures };
}

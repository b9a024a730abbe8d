import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { httpStatus } from './kube-errors.js';

export type WatchRound =
  /** The watch ended: idle timeout, server close, or the connection dropped mid-stream. */
  | { readonly kind: 'closed'; readonly resourceVersion: string | undefined; readonly events: number; readonly dropped: boolean }
  /** 410 Gone: the resourceVersion was compacted away; list again. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'error'; readonly error: unknown };

function resourceVersionOf(obj: unknown): string | undefined {
  const rv = (obj as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function isIdleTimeout(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

/** One watch request on path, from query.resourceVersion until it ends or fails; bookmarks only move the version. */
export function watchRound(
  kc: KubeConfig,
  path: string,
  query: { readonly labelSelector: string; readonly resourceVersion: string | undefined; readonly allowWatchBookmarks: boolean },
  onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: unknown) => void,
  signal: AbortSignal,
): Promise<WatchRound> {
  return new Promise((resolve) => {
    let settled = false;
    let lastVersion = query.resourceVersion;
    let events = 0;
    let streaming = false;
    let controller: AbortController | undefined;
    const settle = (round: WatchRound): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(round);
    };
    const onAbort = (): void => settle({ kind: 'error', error: signal.reason });
    signal.addEventListener('abort', onAbort, { once: true });

    const handle = (type: string, obj: unknown): void => {
      if (settled) return;
      if (type === 'ERROR') {
        const status = obj as { code?: number; message?: string } | undefined;
        if (status?.code === 410) settle({ kind: 'gone' });
        else settle({ kind: 'error', error: new Error(`watch of ${path} failed: ${status?.code ?? ''} ${status?.message ?? ''}`) });
        return;
      }
      lastVersion = resourceVersionOf(obj) ?? lastVersion;
      events += 1;
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
      // client-node swallows exceptions thrown from this callback: catch them here.
      try {
        onEvent(type, obj);
      } catch (error) {
        settle({ kind: 'error', error });
      }
    };
    const onDone = (err: unknown): void => {
      const status = httpStatus(err);
      if (status === 410) settle({ kind: 'gone' });
      else if (!err || isIdleTimeout(err) || (streaming && status === undefined)) {
        settle({ kind: 'closed', resourceVersion: lastVersion, events, dropped: Boolean(err) && !isIdleTimeout(err) });
      } else settle({ kind: 'error', error: err });
    };
    new Watch(kc).watch(path, { ...query }, handle, onDone).then(
      (c) => {
        // Resolves once the 200 response streams (unless done already ran): later errors are drops.
        controller = c;
        streaming = true;
        if (settled) c.abort();
      },
      (error: unknown) => settle({ kind: 'error', error }),
    );
  });
}

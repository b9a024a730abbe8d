import type { IPod } from 'kubernetes-models/v1/Pod';

export type ObjectMeta = NonNullable<IPod['metadata']>;

/** Any API object as it travels on the wire (JSON, string timestamps). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
  spec?: unknown;
  status?: unknown;
}

/** A pod as JSON on the wire; metadata.name and namespace are always set once stored. */
export type WirePod = IPod & { metadata: ObjectMeta & { name: string; namespace: string } };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the store; resourceVersion orders all changes of all resources. */
export interface StoreEvent {
  readonly type: WatchEventType;
  readonly resource: string;
  readonly resourceVersion: number;
  readonly object: KubeObject;
  /** The object before a MODIFIED change, to tell when it left or entered a watch's selector. */
  readonly previous?: KubeObject;
}

/** An API request as RBAC sees it (verbs as in a Role's rules). */
export interface RequestRecord {
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  /**
   * Verbs the API server authorizes on top of `verb`: a websocket upgrade to
   * exec, attach or portforward is a GET, authorized as `get`, and since
   * Kubernetes 1.35 (AuthorizePodWebsocketUpgradeCreatePermission) as `create` too.
   */
  readonly alsoAuthorized?: readonly RequestRecord['verb'][];
  /** '' for the core group, as in a Role's apiGroups. */
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly method: string;
  /** Path and query string as sent. */
  readonly url: string;
}

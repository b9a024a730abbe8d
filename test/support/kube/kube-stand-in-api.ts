import type { ScenarioChooser } from './capture-scenario.js';
import type { CommandLauncher } from './command-launcher.js';
import type { FaultSpec } from './faults.js';
import type { KubeObject, RequestRecord, WirePod } from './kube-types.js';
import type { SeedPod, SeedService, SeedWorkload } from './seed-objects.js';

export interface KubeStandInOptions {
  /** Nodes that exist from the start (each with a kubelet); default `['node-1']`. */
  readonly nodes?: readonly string[];
  /** Real ms per captured second: a `-M 30` capture takes 30 × timeScale ms. Default 10. */
  readonly timeScale?: number;
  /** Real ms per second of activeDeadlineSeconds. Default 1000 (real time). */
  readonly deadlineTimeScale?: number;
  /** Real ms between the kubelet's status changes. Default 2. */
  readonly kubeletStepMs?: number;
  /** Chooses how each API-created pod plays out; default: a capture that writes curl_google.scap. */
  readonly scenario?: ScenarioChooser;
  /** Changes kept for watches that resume from a resourceVersion. Default 1000. */
  readonly historyLimit?: number;
  /** Bookmark period for watches with allowWatchBookmarks=true; 0 = none. Default 60000. */
  readonly bookmarkIntervalMs?: number;
  /** The binary `sysdig` runs in exec. Default /usr/bin/sysdig. */
  readonly sysdigPath?: string;
  /** How that binary is started. Default: spawned from this process. */
  readonly launchCommand?: CommandLauncher;
  /** Exec subprotocols the server accepts. Default all, v5 first. */
  readonly execProtocols?: readonly string[];
  /** Largest exec output message. Default 32 KiB. */
  readonly execFrameBytes?: number;
  /** The user named in 403 messages. */
  readonly user?: string;
}

export interface KubeStandIn {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly kubeconfigYaml: string;
  /** Every authenticated API request, in order, in RBAC terms. */
  readonly requests: readonly RequestRecord[];
  addNode(name: string): KubeObject;
  addPod(seed: SeedPod): WirePod;
  addWorkload(seed: SeedWorkload): KubeObject;
  addService(seed: SeedService): KubeObject;
  /** Changes a stored pod (a MODIFIED event follows); throws when it does not exist. */
  updatePod(namespace: string, name: string, change: (pod: WirePod) => void): WirePod;
  setScenario(choose: ScenarioChooser): void;
  /** Ends the capture in the pod now (needed for scenario finish 'manual'). */
  finishCapture(name: string, namespace?: string): void;
  pods(namespace?: string): WirePod[];
  pod(namespace: string, name: string): WirePod | undefined;
  /** The pod's temporary directory (volumes under `volumes/NAME`), once the kubelet or an exec made it. */
  podDirectory(namespace: string, name: string): string | undefined;
  /** The host path behind containerPath in the pod's container (creating the pod's directory), to put files there. */
  hostPath(namespace: string, pod: string, container: string, containerPath: string): Promise<string>;
  clearRequests(): void;
  failNext(spec: FaultSpec): void;
  /** Cuts every open watch connection mid-stream. */
  dropWatches(): void;
  /** Forgets the change history: watches from older resourceVersions get 410 Gone. */
  compactHistory(): void;
  readonly openExecSessions: number;
  /** Stops the API server (state, kubelet and pods live on), as an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

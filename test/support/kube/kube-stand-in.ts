import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ApiServer } from './api-server.js';
import { defaultScenario } from './capture-scenario.js';
import type { ScenarioChooser } from './capture-scenario.js';
import { ContainerLogs } from './container-logs.js';
import { ExecSessions } from './exec-sessions.js';
import { createExecUpgrade, EXEC_PROTOCOLS } from './exec-upgrade.js';
import { FaultInjector } from './faults.js';
import type { FaultSpec } from './faults.js';
import type { KubeObject, RequestRecord, WirePod } from './kube-types.js';
import { Kubelet } from './kubelet.js';
import { nodeInternalIP } from './kubelet-states.js';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig.js';
import { ObjectStore } from './object-store.js';
import { PodFilesystems } from './pod-filesystem.js';
import { renderPodStatus, seededRuntime } from './pod-status.js';
import { nodeObject, seedPodObject, workloadObject } from './seed-objects.js';
import type { SeedPod, SeedWorkload } from './seed-objects.js';
import { resourceTypeOfKind } from './request-info.js';

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

export async function startKubeStandIn(options: KubeStandInOptions = {}): Promise<KubeStandIn> {
  const token = randomBytes(16).toString('hex');
  const store = new ObjectStore({ historyLimit: options.historyLimit ?? 1000 });
  const logs = new ContainerLogs();
  const filesystems = new PodFilesystems();
  const sessions = new ExecSessions();
  const faults = new FaultInjector(options.user ?? 'system:serviceaccount:capturebot:capturebot');
  const requests: RequestRecord[] = [];
  const openWatches = new Set<ServerResponse>();
  let chooser: ScenarioChooser = options.scenario ?? defaultScenario;
  const kubelet = new Kubelet({
    store,
    filesystems,
    logs,
    scenario: () => chooser,
    timeScale: options.timeScale ?? 10,
    deadlineTimeScale: options.deadlineTimeScale ?? 1000,
    stepMs: options.kubeletStepMs ?? 2,
    onContainersKilled: (ns, name) => sessions.killPod(ns, name),
  });
  const execUpgrade = createExecUpgrade({
    store,
    filesystems,
    sessions,
    sysdigPath: options.sysdigPath ?? '/usr/bin/sysdig',
    protocols: options.execProtocols ?? EXEC_PROTOCOLS,
    frameBytes: options.execFrameBytes ?? 32 * 1024,
    highWaterMark: 4 * 1024 * 1024,
  });
  const server = new ApiServer({
    token,
    faults,
    logs,
    execUpgrade,
    record: (r) => requests.push(r),
    rest: { store, openWatches, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000, onPodCreated: (pod) => kubelet.admit(pod) },
  });
  await server.start();
  const url = `http://127.0.0.1:${server.listeningPort}`;
  const yaml = kubeconfigYaml(url, token);
  const kubeconfig = await writeKubeconfig(yaml);

  let seededIPs = 0;
  const addNode = (name: string): KubeObject => {
    const node = store.create('nodes', nodeObject(name, store.list('nodes').length));
    if (!node) throw new Error(`node ${name} already exists`);
    return node;
  };
  for (const name of options.nodes ?? ['node-1']) addNode(name);

  const findPod = (name: string, namespace?: string): WirePod => {
    const matches = (store.list('pods', namespace) as WirePod[]).filter((p) => p.metadata.name === name);
    if (matches.length !== 1 || !matches[0]) throw new Error(`expected one pod named ${name}, found ${matches.length}`);
    return matches[0];
  };

  return {
    url,
    kubeconfigPath: kubeconfig.path,
    kubeconfigYaml: yaml,
    requests,
    addNode,
    addPod(seed) {
      const pod = seedPodObject(seed);
      const node = store.get('nodes', undefined, seed.nodeName);
      seededIPs += 1;
      const runtime = seededRuntime(pod, seed.phase ?? 'Running', node ? nodeInternalIP(node) : '10.0.0.250', `10.244.200.${seededIPs}`);
      pod.status = renderPodStatus(pod, runtime);
      const created = store.create('pods', pod);
      if (!created) throw new Error(`pod ${seed.namespace}/${seed.name} already exists`);
      for (const [container, lines] of Object.entries(seed.logs ?? {})) logs.append(seed.namespace, seed.name, container, lines);
      return created as WirePod;
    },
    addWorkload(seed) {
      const type = resourceTypeOfKind(seed.kind);
      const created = type && store.create(type.resource, workloadObject(seed));
      if (!created) throw new Error(`${seed.kind} ${seed.namespace}/${seed.name} already exists`);
      return created;
    },
    updatePod(namespace, name, change) {
      const updated = store.update('pods', namespace, name, (o) => change(o as WirePod));
      if (!updated) throw new Error(`no pod ${namespace}/${name}`);
      return updated as WirePod;
    },
    setScenario: (choose) => {
      chooser = choose;
    },
    finishCapture(name, namespace) {
      const pod = findPod(name, namespace);
      kubelet.finishCapture(pod.metadata.namespace, pod.metadata.name);
    },
    pods: (namespace) => store.list('pods', namespace) as WirePod[],
    pod: (namespace, name) => store.get('pods', namespace, name) as WirePod | undefined,
    podDirectory: (namespace, name) => filesystems.peek(namespace, name),
    async hostPath(namespace, name, container, containerPath) {
      const pod = store.get('pods', namespace, name) as WirePod | undefined;
      if (!pod) throw new Error(`no pod ${namespace}/${name}`);
      return (await filesystems.view(pod, container)).resolve(containerPath);
    },
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (spec) => faults.failNext(spec),
    dropWatches: () => {
      for (const res of openWatches) res.socket?.destroy();
    },
    compactHistory: () => store.compact(),
    get openExecSessions() {
      return sessions.open;
    },
    stop: () => server.stop(),
    restart: () => server.start(),
    async close() {
      kubelet.close();
      sessions.killAll();
      await server.stop();
      await filesystems.removeAll();
      await kubeconfig.remove();
    },
  };
}

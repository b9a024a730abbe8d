export { startKubeStandIn } from './kube-stand-in.js';
export type { KubeStandIn, KubeStandInOptions } from './kube-stand-in.js';
export { defaultScenario, fixturePath, fixturesDir } from './capture-scenario.js';
export type { CaptureScenario, ScenarioChooser } from './capture-scenario.js';
export type { FaultSpec } from './faults.js';
export type { KubeObject, RequestRecord, WirePod } from './kube-types.js';
export type { SeedPod, SeedWorkload, WorkloadKind } from './seed-objects.js';
export { EXEC_PROTOCOLS } from './exec-upgrade.js';

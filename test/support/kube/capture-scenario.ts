import { FIXTURES_DIR, fixturePath } from '../fixtures.js';
import type { WirePod } from './kube-types.js';

/**
 * How the simulated kubelet plays a pod the API created. "The capture container" is the
 * first init container that runs sysdig (else the first init container, else the first container).
 */
export type CaptureScenario =
  /** sysdig runs for its `-M` seconds (or, with finish 'manual', until finishCapture), writes traceFile to its `-w` path, exits 0. */
  | { readonly kind: 'trace'; readonly traceFile: string; readonly finish?: 'timed' | 'manual'; readonly logLines?: readonly string[] }
  /** The capture container exits with exitCode after afterSeconds (default: its `-M`, else 0), having logged logLines. */
  | { readonly kind: 'capture-fails'; readonly exitCode: number; readonly logLines: readonly string[]; readonly afterSeconds?: number }
  /** The image of container (default: the capture container) cannot be pulled: ErrImagePull, then ImagePullBackOff. */
  | { readonly kind: 'image-pull-fails'; readonly container?: string; readonly message?: string }
  /** The scheduler finds no node: PodScheduled False, reason Unschedulable. */
  | { readonly kind: 'unschedulable'; readonly message?: string }
  /** The capture container runs until the pod is deleted or its deadline passes. */
  | { readonly kind: 'never-finishes' };

export type ScenarioChooser = (pod: WirePod) => CaptureScenario;

export { fixturePath } from '../fixtures.js';

export function fixturesDir(): string {
  return FIXTURES_DIR;
}

export const defaultScenario: ScenarioChooser = () => ({ kind: 'trace', traceFile: fixturePath('curl_google.scap') });

import type { CaptureTarget } from './capture-target.js';
import type { Driver } from './driver.js';

/** What a `/capture` command asks for, once parsed and bounded. */
export interface CaptureSpec {
  /** The pod; for a wider target, the target's subject name (targetSubject). */
  readonly pod: string;
  /** A workload, label selector or node instead of one pod. */
  readonly target?: CaptureTarget;
  readonly namespace: string;
  readonly durationSeconds: number;
  readonly snaplen: number;
  readonly driver: Driver;
  /** A sysdig filter expression, passed to sysdig as one argv element. */
  readonly filter?: string;
  /** Typed as `pod/NAME`: only a pod of that name; a bare NAME may also be a workload or a prefix. */
  readonly exactPod?: true;
  /** `-c CONTAINER`: only that container of each pod. */
  readonly container?: string;
  /** `--cluster NAME`, or the channel's default cluster; unset: the bot looks for the target in every live cluster. */
  readonly cluster?: string;
}

/** What the policy's `channels:` entry sets for commands from one channel, used where the command is silent. */
export interface ChannelDefaults {
  readonly namespace?: string;
  readonly cluster?: string;
}

/** Limits and defaults the grammar applies; they come from settings. */
export interface CaptureLimits {
  readonly minDurationSeconds: number;
  readonly maxDurationSeconds: number;
  readonly maxSnaplen: number;
  readonly defaultDriver: Driver;
}

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_DURATION_SECONDS = 30;
export const DEFAULT_SNAPLEN = 80;

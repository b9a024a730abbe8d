import type { V1Pod } from '@kubernetes/client-node';
import type { CapturePodRecord } from '../worker/janitor-ports.js';
import { CAPTURE_ID_LABEL, CAPTURE_PART_LABEL, CHANNEL_ANNOTATION, STATUS_TS_ANNOTATION } from './capture-pod.js';

/** Reads a listed capture pod for the janitor; a pod without a capture id label is not one of ours. */
export function capturePodRecord(pod: V1Pod): CapturePodRecord | undefined {
  const metadata = pod.metadata;
  const captureId = metadata?.labels?.[CAPTURE_ID_LABEL];
  if (!metadata?.name || !captureId) return undefined;
  const created = metadata.creationTimestamp ? new Date(metadata.creationTimestamp) : undefined;
  const part = Number(metadata.labels?.[CAPTURE_PART_LABEL] ?? 'none');
  return {
    name: metadata.name,
    captureId,
    ...(Number.isInteger(part) && part >= 0 ? { part: { index: part, node: pod.spec?.nodeName ?? '' } } : {}),
    node: pod.spec?.nodeName,
    // A pod without a creation time is treated as new: the janitor never deletes it for its age.
    createdAt: created && !Number.isNaN(created.getTime()) ? created : new Date(),
    deadlineSeconds: pod.spec?.activeDeadlineSeconds,
    terminating: Boolean(metadata.deletionTimestamp),
    channel: metadata.annotations?.[CHANNEL_ANNOTATION],
    statusTs: metadata.annotations?.[STATUS_TS_ANNOTATION],
  };
}

/**
 * Redis keys of capturebot's own (beside BullMQ's), under the same prefix so
 * that one prefix holds a whole installation.
 */
export const robustnessKeys = (prefix: string) => ({
  /** Who cancelled a capture (a Slack user id), kept an hour for a worker that has not started it yet. */
  cancel: (captureId: string) => `${prefix}:capturebot:cancel:${captureId}`,
  /** Pub/sub channel: a capture id was cancelled. */
  cancelChannel: `${prefix}:capturebot:cancelled`,
  /** Sorted set of capture ids holding a slot on node, scored by lease expiry (ms). */
  nodeSlots: (node: string) => `${prefix}:capturebot:slots:node:${node}`,
  /** Sorted set of every capture id holding a slot. */
  allSlots: `${prefix}:capturebot:slots:all`,
  /** The slot sets of a named cluster: its nodes and its MAX_CAPTURES are its own. */
  clusterSlots: (cluster: string) => ({
    nodeSlots: (node: string) => `${prefix}:capturebot:slots@${cluster}:node:${node}`,
    allSlots: `${prefix}:capturebot:slots@${cluster}:all`,
  }),
  /** Sorted set of one user's recent capture requests, scored by time (ms). */
  requests: (userId: string) => `${prefix}:capturebot:requests:${userId}`,
  /** The capture id an alert rule started for one alert fingerprint, kept for the rule's cooldown. */
  alertCapture: (rule: string, fingerprint: string) => `${prefix}:capturebot:alerts:${rule}:fingerprint:${fingerprint}`,
  /** Sorted set of the captures one alert rule started in the last hour, scored by time (ms). */
  alertStarts: (rule: string) => `${prefix}:capturebot:alerts:${rule}:starts`,
  /** Set while the "past maxPerHour" note of one alert rule has been posted for the current window. */
  alertNote: (rule: string) => `${prefix}:capturebot:alerts:${rule}:note`,
  /** Sorted set of one user's recent other commands (list, status, cancel, fresh link), scored by time (ms). */
  commands: (userId: string) => `${prefix}:capturebot:commands:${userId}`,
  /** Sorted set of a channel's capture ids, scored by request time (ms): `/capture list` reads one page of it. */
  channelHistory: (channel: string) => `${prefix}:capturebot:history:${channel}`,
  /** The cluster of a capture outside the default one, so status, list, cancel and fresh links find its queue. */
  captureCluster: (captureId: string) => `${prefix}:capturebot:cluster-of:${captureId}`,
  /** Hash of live workers (worker id → heartbeat JSON). */
  workers: `${prefix}:capturebot:workers`,
});

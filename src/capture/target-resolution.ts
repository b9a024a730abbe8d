import { z } from 'zod';
import { captureTargetSchema, WORKLOAD_KINDS, workloadSchema } from './capture-target.js';

/** The running pods a capture records on one node, and their containers' ids (sysdig's `container.id`). */
export const nodePodsSchema = z.object({
  node: z.string().min(1),
  pods: z.array(z.string()),
  /** The scope of this node's capture pod; empty for a whole-node capture. */
  containerIds: z.array(z.string().regex(/^[0-9a-f]{12}$/)).optional(),
});

const podKindSchema = z.enum(['pod', ...WORKLOAD_KINDS]);

/** Something that exists in the namespace, offered instead of a name that does not. */
const suggestionSchema = z.object({ kind: podKindSchema, name: z.string(), pods: z.number().int().nonnegative(), status: z.string().optional() });

/** Why the reply names something else than what was typed. */
const resolutionNoteSchema = z.discriminatedUnion('kind', [
  /** NAME is a pod and also names these workloads: the pod was taken. */
  z.object({ kind: z.literal('pod-over-workload'), name: z.string(), workloads: z.array(workloadSchema) }),
  /** NAME is a workload's name. */
  z.object({ kind: z.literal('workload'), name: z.string(), workload: workloadSchema }),
  /** NAME is the start of these pods' names, all of one workload. */
  z.object({ kind: z.literal('prefix'), name: z.string(), workload: workloadSchema.optional(), pods: z.number().int().positive() }),
]);

/**
 * What a typed target turned out to be, in the target's cluster: the exact
 * pods, nodes and container ids that will be captured, or why nothing will.
 * The worker answers the bot with it over Redis (a boundary), so it is a schema.
 */
export const targetResolutionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('resolved'),
    /** The pod's name; for a wider target, its subject (targetSubject). */
    pod: z.string().min(1),
    target: captureTargetSchema.optional(),
    nodes: z.array(nodePodsSchema),
    notes: z.array(resolutionNoteSchema),
  }),
  z.object({
    kind: z.literal('not-found'),
    /** As typed. */
    name: z.string(),
    /** What was looked for: `name` (a bare NAME: pod, workload or prefix), or the kind typed. */
    looked: z.enum(['name', 'pod', 'selector', 'node', ...WORKLOAD_KINDS]),
    suggestions: z.array(suggestionSchema),
    /** Other namespaces where NAME names a pod or a workload. */
    elsewhere: z.array(z.object({ namespace: z.string(), kind: podKindSchema, name: z.string() })),
  }),
  /** It exists, but none of its pods runs. */
  z.object({ kind: z.literal('not-running'), what: z.object({ kind: podKindSchema, name: z.string() }), pods: z.array(z.object({ name: z.string(), status: z.string() })) }),
  /** NAME fits several workloads (or pods of several): the reply lists them to pick from. */
  z.object({ kind: z.literal('ambiguous'), name: z.string(), candidates: z.array(suggestionSchema) }),
  /** `-c CONTAINER` names no running container of the matched pods. */
  z.object({ kind: z.literal('no-container'), container: z.string(), pods: z.array(z.object({ name: z.string(), containers: z.array(z.string()) })) }),
  /** More nodes than one capture may span (MAX_NODES_PER_CAPTURE). */
  z.object({ kind: z.literal('too-many-nodes'), what: z.string(), nodes: z.array(z.string()), pods: z.number().int().nonnegative(), max: z.number().int().positive() }),
]);

export type NodePods = z.infer<typeof nodePodsSchema>;
export type TargetResolution = z.infer<typeof targetResolutionSchema>;
export type ResolvedTarget = Extract<TargetResolution, { kind: 'resolved' }>;
export type ResolutionNote = z.infer<typeof resolutionNoteSchema>;
export type NameSuggestion = z.infer<typeof suggestionSchema>;
export type PodKind = z.infer<typeof podKindSchema>;

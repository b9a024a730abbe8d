import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { applyJsonPatch, type PatchOperation } from './json-patch.js';
import { applyReplacements, type Replacement } from './kustomize-replacements.js';

/** A Kubernetes object as written in a manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

type Target = { kind?: string; name?: string; namespace?: string };

interface Kustomization {
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: Target }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  replacements?: Replacement[];
}

/** What a build read: the objects, and every file it loaded (to find files no kustomization uses). */
export interface Build {
  readonly objects: Manifest[];
  readonly files: ReadonlySet<string>;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images', 'replacements']);

/**
 * `kustomize build` for the subset our deploy/ uses: resources (files and
 * directories), JSON 6902 patches with a kind/name target, strategic-merge
 * `$patch: delete` patches that remove one object, image overrides and
 * replacements (kustomize-replacements.ts). Any other field is refused
 * rather than silently ignored, so a kustomization this cannot build fails
 * the tests instead of passing them.
 */
export function kustomizeBuild(dir: string): Build {
  const files = new Set<string>();
  const objects = build(resolve(dir), files);
  return { objects, files };
}

function build(dir: string, files: Set<string>): Manifest[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find((f) => existsSync(f));
  if (!file) throw new Error(`no kustomization in ${dir}`);
  files.add(file);
  const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization & Record<string, unknown>;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: this test build does not support ${unsupported.join(', ')}`);
  if (kustomization.kind !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  let objects = (kustomization.resources ?? []).flatMap((entry) => {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    return statSync(path).isDirectory() ? build(path, files) : readManifests(path, files);
  });
  for (const { path, patch, target } of kustomization.patches ?? []) {
    if ((path === undefined) === (patch === undefined)) throw new Error(`${file}: a patch needs exactly one of path and patch`);
    const text = patch ?? readPatchFile(resolve(dir, path!), files);
    const parsed = parse(text) as PatchOperation[] | DeletePatch;
    if (!Array.isArray(parsed)) {
      objects = deleteObject(objects, parsed, target, file);
      continue;
    }
    const operations = parsed;
    if (target === undefined) throw new Error(`${file}: a JSON 6902 patch needs a target`);
    const matched = objects.filter((o) => matchesTarget(o, target));
    if (matched.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(target)} matches nothing`);
    objects = objects.map((o) => (matched.includes(o) ? applyJsonPatch(o, operations) : o));
  }
  for (const image of kustomization.images ?? []) objects = objects.map((o) => overrideImage(o, image));
  // Kustomize runs replacements after the other transformers of the same kustomization.
  objects = applyReplacements(objects, kustomization.replacements ?? [], file);
  assertUnique(objects, file);
  return objects;
}

/** A strategic-merge patch that removes one object: the only kind of strategic-merge patch this build takes. */
interface DeletePatch {
  readonly $patch?: unknown;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

function deleteObject(objects: Manifest[], patch: DeletePatch, target: Target | undefined, file: string): Manifest[] {
  if (patch.$patch !== 'delete' || target !== undefined) {
    throw new Error(`${file}: only JSON 6902 patches and target-less \`$patch: delete\` patches are supported`);
  }
  const { apiVersion, kind, metadata } = patch;
  if (!apiVersion || !kind || !metadata?.name) throw new Error(`${file}: a \`$patch: delete\` patch needs apiVersion, kind and metadata.name`);
  const doomed = objects.filter(
    (o) => o.apiVersion === apiVersion && o.kind === kind && o.metadata.name === metadata.name && o.metadata.namespace === metadata.namespace,
  );
  if (doomed.length === 0) throw new Error(`${file}: \`$patch: delete\` of ${kind} ${metadata.name} matches nothing`);
  return objects.filter((o) => !doomed.includes(o));
}

function readManifests(path: string, files: Set<string>): Manifest[] {
  files.add(path);
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as Manifest | null;
    return value === null ? [] : [value];
  });
}

function readPatchFile(path: string, files: Set<string>): string {
  files.add(path);
  return readFileSync(path, 'utf8');
}

function matchesTarget(object: Manifest, target: Target): boolean {
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || new RegExp(`^(?:${target.name})$`).test(object.metadata.name)) &&
    (target.namespace === undefined || target.namespace === object.metadata.namespace)
  );
}

type ImageOverride = NonNullable<Kustomization['images']>[number];

function overrideImage(object: Manifest, image: ImageOverride): Manifest {
  const podSpec = podSpecOf(object);
  if (!podSpec) return object;
  const copy = structuredClone(object);
  const spec = podSpecOf(copy)!;
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const { name, tag } = splitImage(container.image);
    if (name !== image.name) continue;
    const newTag = image.digest !== undefined ? `@${image.digest}` : image.newTag !== undefined ? `:${image.newTag}` : tag;
    container.image = `${image.newName ?? name}${newTag}`;
  }
  return copy;
}

interface PodSpecImages {
  containers?: { image: string }[];
  initContainers?: { image: string }[];
}

/** The pod spec of a workload (a Deployment's template), if the object has one. */
export function podSpecOf(object: Manifest): PodSpecImages | undefined {
  const spec = object['spec'] as { template?: { spec?: PodSpecImages } } | undefined;
  return spec?.template?.spec;
}

function splitImage(image: string): { name: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { name: image.slice(0, at), tag: image.slice(at) };
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? { name: image.slice(0, colon), tag: image.slice(colon) } : { name: image, tag: '' };
}

function assertUnique(objects: readonly Manifest[], file: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.apiVersion.split('/').length > 1 ? o.apiVersion.split('/')[0] : ''}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
}

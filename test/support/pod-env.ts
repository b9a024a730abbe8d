import type { Manifest } from './kustomize.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** The part of a container that decides its environment. */
export interface ContainerEnv {
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
}

/** Secrets by name, then key: the ones an operator creates by hand, never in the manifests. */
export type SecretData = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * `$(NAME)` replaced by a variable defined before it, as the kubelet does for
 * env values, command and args: `$$` is a literal `$`, an unknown name stays as written.
 */
export function expandVariables(text: string, defined: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    return defined[name] ?? whole;
  });
}

/**
 * The environment the kubelet would give a container in `namespace`: envFrom
 * first, then env (which wins), ConfigMaps from the manifests and Secrets
 * from `secrets`. A missing reference that is not optional throws, as it
 * keeps the container from starting.
 */
export function resolveEnv(container: ContainerEnv, namespace: string, objects: readonly Manifest[], secrets: SecretData): Record<string, string> {
  const configMap = (name: string) =>
    (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === namespace)?.['data'] ?? undefined) as
      | Record<string, string>
      | undefined;
  const source = (kind: 'ConfigMap' | 'Secret', name: string, optional: boolean | undefined) => {
    const data = kind === 'ConfigMap' ? configMap(name) : secrets[name];
    if (data === undefined && !optional) throw new Error(`${kind} ${namespace}/${name} does not exist`);
    return data;
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) throw new Error('envFrom without configMapRef or secretRef');
    const data = source(from.configMapRef ? 'ConfigMap' : 'Secret', ref.name, ref.optional) ?? {};
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined || variable.valueFrom === undefined) {
      env[variable.name] = expandVariables(variable.value ?? '', env);
      continue;
    }
    const ref = variable.valueFrom.configMapKeyRef ?? variable.valueFrom.secretKeyRef;
    if (!ref) throw new Error(`${variable.name}: only ConfigMap and Secret references are resolved here`);
    const data = source(variable.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name, ref.optional);
    const value = data?.[ref.key];
    if (value === undefined && !ref.optional) throw new Error(`${variable.name}: key ${ref.key} of ${ref.name} does not exist`);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

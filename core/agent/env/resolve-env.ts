/**
 * A container's environment as kubelet builds it (makeEnvironmentVariables):
 * service variables lowest, then every envFrom source in order, then `env` in
 * order, each later definition replacing an earlier one. `env` values expand
 * `$(NAME)` against what is defined so far (service variables included).
 */
import type { KubeObject } from '../../api/types/meta.ts';
import { isEnvVarName } from '../../api/validation/names.ts';
import { configMapContents, configMapNotFound, secretContents, secretNotFound } from './config-data.ts';
import { expand } from './expansion.ts';
import { podFieldValue } from './field-path.ts';
import { ContainerConfigError, type ObjectSource, type PodRuntimeFacts } from './object-source.ts';
import { parseContainer, podMeta, podSpecParts, type Container, type PodMeta, type PodSpecParts } from './pod-parts.ts';
import { resourceFieldValue } from './resource-field.ts';

export interface EnvVarValue {
  name: string;
  value: string;
}

/** Keys of one envFrom source that were skipped because they cannot be variable names. */
export interface InvalidEnvKeys {
  kind: 'ConfigMap' | 'Secret';
  namespace: string;
  name: string;
  /** sorted, prefix included */
  keys: string[];
}

export interface ResolvedEnv {
  env: EnvVarValue[];
  /** one entry per envFrom source that had unusable keys; each deserves an InvalidEnvironmentVariableNames event */
  invalidKeys: InvalidEnvKeys[];
}

export const INVALID_ENV_NAMES_REASON = 'InvalidEnvironmentVariableNames';

/** The Warning event's message kubelet recorded for skipped envFrom keys. */
export function invalidKeysEventMessage(entry: InvalidEnvKeys): string {
  const kind = entry.kind === 'ConfigMap' ? 'configMap' : 'secret';
  return `Keys [${entry.keys.join(', ')}] from the EnvFrom ${kind} ${entry.namespace}/${entry.name} were skipped since they are considered invalid environment variable names.`;
}

/** Throws ContainerConfigError with kubelet's message when a required source or key is missing. */
export function resolveEnv(
  pod: KubeObject,
  container: Record<string, unknown>,
  source: ObjectSource,
  facts: PodRuntimeFacts,
  serviceEnv: readonly EnvVarValue[] = [],
): ResolvedEnv {
  const ctx: Context = {
    meta: podMeta(pod),
    spec: podSpecParts(pod),
    container: parseContainer(container),
    source,
    facts,
  };
  const env = new Map<string, string>();
  // Re-defining moves a variable to the end, so the result reads in precedence order.
  const define = (name: string, value: string): void => {
    env.delete(name);
    env.set(name, value);
  };
  for (const { name, value } of serviceEnv) define(name, value);

  const invalidKeys: InvalidEnvKeys[] = [];
  for (const from of ctx.container.envFrom ?? []) {
    const entries = envFromEntries(from, ctx);
    if (entries === undefined) continue;
    const prefix = from.prefix ?? '';
    const skipped: string[] = [];
    for (const [key, value] of entries.values) {
      const name = prefix + key;
      if (isEnvVarName(name).length > 0) skipped.push(name);
      else define(name, value);
    }
    if (skipped.length > 0) {
      invalidKeys.push({ kind: entries.kind, namespace: ctx.meta.namespace, name: entries.name, keys: skipped.sort() });
    }
  }

  for (const variable of ctx.container.env ?? []) {
    const name = variable.name ?? '';
    const literal = variable.value ?? '';
    if (literal !== '') {
      define(name, expand(literal, (ref) => env.get(ref)));
      continue;
    }
    if (variable.valueFrom === undefined) {
      define(name, '');
      continue;
    }
    const value = valueFrom(variable.valueFrom, ctx);
    // an optional reference to something missing leaves the variable as it was
    if (value !== undefined) define(name, value);
  }

  return { env: [...env].map(([name, value]) => ({ name, value })), invalidKeys };
}

interface Context {
  meta: PodMeta;
  spec: PodSpecParts;
  container: Container;
  source: ObjectSource;
  facts: PodRuntimeFacts;
}

type EnvFromSource = NonNullable<Container['envFrom']>[number];
type EnvVarSource = NonNullable<NonNullable<Container['env']>[number]['valueFrom']>;

/** The key/value pairs of one envFrom source; undefined when it is optional and missing. */
function envFromEntries(
  from: EnvFromSource,
  ctx: Context,
): { kind: 'ConfigMap' | 'Secret'; name: string; values: Map<string, string> } | undefined {
  const namespace = ctx.meta.namespace;
  if (from.configMapRef !== undefined) {
    const name = from.configMapRef.name ?? '';
    const configMap = ctx.source.configMap(namespace, name);
    if (configMap === undefined) {
      if (from.configMapRef.optional === true) return undefined;
      throw new ContainerConfigError(configMapNotFound(name));
    }
    // binaryData never becomes environment, as in kubelet
    return { kind: 'ConfigMap', name, values: configMapContents(configMap).data };
  }
  if (from.secretRef !== undefined) {
    const name = from.secretRef.name ?? '';
    const secret = ctx.source.secret(namespace, name);
    if (secret === undefined) {
      if (from.secretRef.optional === true) return undefined;
      throw new ContainerConfigError(secretNotFound(name));
    }
    const values = new Map<string, string>();
    for (const [key, bytes] of secretContents(secret)) values.set(key, bytes.toString('utf8'));
    return { kind: 'Secret', name, values };
  }
  return undefined;
}

/** One valueFrom; undefined when an optional source or key is missing. */
function valueFrom(from: EnvVarSource, ctx: Context): string | undefined {
  const namespace = ctx.meta.namespace;
  if (from.fieldRef !== undefined) {
    return configError(() => podFieldValue(ctx.meta, ctx.spec, from.fieldRef ?? {}, ctx.facts));
  }
  if (from.resourceFieldRef !== undefined) {
    const all = [...ctx.spec.containers, ...ctx.spec.initContainers];
    return configError(() => resourceFieldValue(from.resourceFieldRef ?? {}, all, ctx.container, ctx.facts));
  }
  if (from.configMapKeyRef !== undefined) {
    const { name = '', key = '', optional = false } = from.configMapKeyRef;
    const configMap = ctx.source.configMap(namespace, name);
    if (configMap === undefined) {
      if (optional) return undefined;
      throw new ContainerConfigError(configMapNotFound(name));
    }
    const value = configMapContents(configMap).data.get(key);
    if (value !== undefined) return value;
    if (optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef !== undefined) {
    const { name = '', key = '', optional = false } = from.secretKeyRef;
    const secret = ctx.source.secret(namespace, name);
    if (secret === undefined) {
      if (optional) return undefined;
      throw new ContainerConfigError(secretNotFound(name));
    }
    const value = secretContents(secret).get(key);
    if (value !== undefined) return value.toString('utf8');
    if (optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}

function configError(read: () => string): string {
  try {
    return read();
  } catch (error) {
    if (error instanceof ContainerConfigError) throw error;
    throw new ContainerConfigError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

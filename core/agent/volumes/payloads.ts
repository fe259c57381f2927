/**
 * What configMap, secret, downwardAPI and projected volumes hold, as the
 * AtomicWriter payload kubelet builds for them (MakePayload in
 * pkg/volume/{configmap,secret}, CollectData in pkg/volume/downwardapi,
 * collectData in pkg/volume/projected). Errors are plain Errors with kubelet's
 * wording; the caller turns them into a VolumeSetupError for the volume.
 */
import { posix } from 'node:path';
import type { KeyToPath, DownwardAPIVolumeFile, ProjectedSource } from '../../api/kinds/pod/schema-volumes.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { configMapContents, configMapNotFound, secretContents, secretNotFound } from '../env/config-data.ts';
import { extractFieldPathAsString } from '../env/field-path.ts';
import type { ObjectSource, PodRuntimeFacts } from '../env/object-source.ts';
import type { PodMeta, PodSpecParts } from '../env/pod-parts.ts';
import { resourceFieldValue } from '../env/resource-field.ts';
import type { FileProjection } from './atomic-writer.ts';

/** The API server defaults every defaultMode to 0644; objects that skipped defaulting get the same. */
export const DEFAULT_FILE_MODE = 0o644;

export interface PodView {
  meta: PodMeta;
  spec: PodSpecParts;
}

/** Several failures in one volume read as Go's utilerrors aggregate: `[a, b]`. */
export class AggregatedErrors extends Error {
  constructor(readonly errors: Error[]) {
    super(errors.length === 1 ? (errors[0]?.message ?? '') : `[${errors.map((e) => e.message).join(', ')}]`);
  }
}

/** A ConfigMap's keys (items or all of data and binaryData) as files; a missing object is an empty one. */
export function configMapPayload(
  configMap: KubeObject | undefined,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  const { data, binaryData } = configMapContents(configMap);
  const lookup = (key: string): Buffer | undefined => {
    const text = data.get(key);
    return text !== undefined ? Buffer.from(text) : binaryData.get(key);
  };
  const all = new Map<string, Buffer>([...binaryData]);
  for (const [key, text] of data) all.set(key, Buffer.from(text));
  return keyedPayload(all, lookup, items, defaultMode, optional, (key) => `configmap references non-existent config key: ${key}`);
}

export function secretPayload(
  secret: KubeObject | undefined,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  const data = secretContents(secret);
  return keyedPayload(data, (key) => data.get(key), items, defaultMode, optional, (key) => `references non-existent secret key: ${key}`);
}

function keyedPayload(
  all: ReadonlyMap<string, Buffer>,
  lookup: (key: string) => Buffer | undefined,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  if (items === undefined || items.length === 0) {
    for (const [key, data] of all) payload.set(key, { data, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const key = item.key ?? '';
    const data = lookup(key);
    if (data === undefined) {
      if (optional) continue;
      throw new Error(missingKey(key));
    }
    payload.set(item.path ?? key, { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** Each item's field as a file; every failing item is reported, as kubelet aggregates them. */
export function downwardAPIPayload(
  items: readonly DownwardAPIVolumeFile[] | undefined,
  pod: PodView,
  facts: PodRuntimeFacts,
  defaultMode: number,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  const errors: Error[] = [];
  const containers = [...pod.spec.containers, ...pod.spec.initContainers];
  for (const item of items ?? []) {
    let value = '';
    try {
      if (item.fieldRef !== undefined) value = extractFieldPathAsString(pod.meta, item.fieldRef.fieldPath ?? '');
      else if (item.resourceFieldRef !== undefined) value = resourceFieldValue(item.resourceFieldRef, containers, undefined, facts);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
    payload.set(posix.normalize(item.path ?? ''), { data: Buffer.from(value), mode: item.mode ?? defaultMode });
  }
  if (errors.length > 0) throw new AggregatedErrors(errors);
  return payload;
}

export interface ProjectedResult {
  payload: Map<string, FileProjection>;
  /** sources this agent does not project (serviceAccountToken, clusterTrustBundle) */
  skipped: string[];
}

/** All sources merged in order (a later path wins); every failing source is reported. */
export function projectedPayload(
  sources: readonly ProjectedSource[] | undefined,
  pod: PodView,
  objects: ObjectSource,
  facts: PodRuntimeFacts,
  defaultMode: number,
): ProjectedResult {
  const payload = new Map<string, FileProjection>();
  const skipped: string[] = [];
  const errors: Error[] = [];
  const namespace = pod.meta.namespace;
  for (const source of sources ?? []) {
    try {
      let part = new Map<string, FileProjection>();
      if (source.secret !== undefined) {
        const { name = '', items, optional = false } = source.secret;
        const secret = objects.secret(namespace, name);
        if (secret === undefined && !optional) throw new Error(secretNotFound(name));
        part = secretPayload(secret, items, defaultMode, optional);
      } else if (source.configMap !== undefined) {
        const { name = '', items, optional = false } = source.configMap;
        const configMap = objects.configMap(namespace, name);
        if (configMap === undefined && !optional) throw new Error(configMapNotFound(name));
        part = configMapPayload(configMap, items, defaultMode, optional);
      } else if (source.downwardAPI !== undefined) {
        part = downwardAPIPayload(source.downwardAPI.items, pod, facts, defaultMode);
      } else if (source.serviceAccountToken !== undefined) {
        skipped.push(`serviceAccountToken (path "${source.serviceAccountToken.path ?? ''}")`);
      } else if (source.clusterTrustBundle !== undefined) {
        skipped.push(`clusterTrustBundle (path "${source.clusterTrustBundle.path ?? ''}")`);
      }
      for (const [path, file] of part) payload.set(path, file);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  if (errors.length > 0) throw new AggregatedErrors(errors);
  return { payload, skipped };
}

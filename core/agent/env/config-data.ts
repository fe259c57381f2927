/**
 * The key/value contents of ConfigMaps and Secrets as the agent consumes them.
 * ConfigMap `data` holds strings and `binaryData` base64; Secret `data` holds
 * base64 (the API server already folded `stringData` into it).
 */
import { isRecord, type KubeObject } from '../../api/types/meta.ts';

export interface ConfigMapContents {
  data: Map<string, string>;
  binaryData: Map<string, Buffer>;
}

export function configMapContents(configMap: KubeObject | undefined): ConfigMapContents {
  return {
    data: stringEntries(configMap?.['data']),
    binaryData: decodedEntries(configMap?.['binaryData']),
  };
}

export function secretContents(secret: KubeObject | undefined): Map<string, Buffer> {
  return decodedEntries(secret?.['data']);
}

/** kubelet's configMapManager reports a missing object as a NotFound on resource "configmap". */
export function configMapNotFound(name: string): string {
  return `configmap "${name}" not found`;
}

export function secretNotFound(name: string): string {
  return `secret "${name}" not found`;
}

function stringEntries(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out.set(key, entry);
  return out;
}

function decodedEntries(value: unknown): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out.set(key, Buffer.from(entry, 'base64'));
  return out;
}

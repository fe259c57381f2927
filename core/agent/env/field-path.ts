/**
 * The downward API's fieldRef: a pod field as a string (k8s.io/kubernetes
 * pkg/fieldpath and kubelet's podFieldSelectorRuntimeValue). Volumes read only
 * metadata; env may also read what the node knows (spec.nodeName, the IPs).
 * Errors are plain Errors with kubelet's wording; callers pick the error class.
 */
import { isQualifiedName } from '../../api/validation/names.ts';
import type { PodMeta, PodSpecParts } from './pod-parts.ts';
import type { PodRuntimeFacts } from './object-source.ts';
import { CONVERTIBLE_FIELD_LABELS } from '../../api/kinds/pod/validation-env.ts';

/** `metadata.labels['app']` → ['metadata.labels', 'app']; undefined when not subscripted. */
export function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const trimmed = fieldPath.slice(0, -2);
  const at = trimmed.indexOf("['");
  if (at <= 0) return undefined;
  return [trimmed.slice(0, at), trimmed.slice(at + 2)];
}

/** fieldpath.ExtractFieldPathAsString: metadata only, as downwardAPI volumes see it. */
export function extractFieldPathAsString(meta: PodMeta, fieldPath: string): string {
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    const [path, key] = subscripted;
    if (path === 'metadata.annotations') {
      checkSubscript(fieldPath, key.toLowerCase());
      return meta.annotations[key] ?? '';
    }
    if (path === 'metadata.labels') {
      checkSubscript(fieldPath, key);
      return meta.labels[key] ?? '';
    }
    throw new Error(`fieldPath "${fieldPath}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.name':
      return meta.name;
    case 'metadata.namespace':
      return meta.namespace;
    case 'metadata.uid':
      return meta.uid;
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

function checkSubscript(fieldPath: string, key: string): void {
  const errors = isQualifiedName(key);
  if (errors.length > 0) throw new Error(`invalid key subscript in ${fieldPath}: ${errors.join(';')}`);
}


/** kubelet's podFieldSelectorRuntimeValue: an env var's fieldRef. */
export function podFieldValue(
  meta: PodMeta,
  spec: PodSpecParts,
  selector: { apiVersion?: string | undefined; fieldPath?: string | undefined },
  facts: PodRuntimeFacts,
): string {
  const fieldPath = selector.fieldPath ?? '';
  const version = selector.apiVersion ?? 'v1';
  if (version !== 'v1') throw new Error(`unsupported pod version: ${version}`);
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    if (subscripted[0] !== 'metadata.annotations' && subscripted[0] !== 'metadata.labels') {
      throw new Error(`field label does not support subscript: ${fieldPath}`);
    }
  } else if (!CONVERTIBLE_FIELD_LABELS.has(fieldPath)) {
    throw new Error(`field label not supported: ${fieldPath}`);
  }
  const podIPs = facts.podIPs.length > 0 ? facts.podIPs : facts.podIP === '' ? [] : [facts.podIP];
  switch (fieldPath) {
    case 'spec.nodeName':
      // kubelet reads the pod's own field; a pod on this node always has it, the fact covers a static pod
      return spec.nodeName === '' ? facts.nodeName : spec.nodeName;
    case 'spec.serviceAccountName':
      return spec.serviceAccountName;
    case 'status.hostIP':
      return facts.hostIP;
    case 'status.hostIPs':
      return facts.hostIP;
    case 'status.podIP':
      return podIPs[0] ?? '';
    case 'status.podIPs':
      return podIPs.join(',');
  }
  return extractFieldPathAsString(meta, fieldPath);
}

/** fieldpath.FormatMap: `key="value"` lines in key order, values quoted as Go's %q does, no final newline. */
export function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort(compareBytes)
    .map((key) => `${key}=${goQuote(map[key] ?? '')}`)
    .join('\n');
}

/** Go sorts strings by bytes; for keys outside ASCII that differs from UTF-16 order. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote: printable characters as they are, the rest as Go escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const escaped = ESCAPES[char];
    if (escaped !== undefined) out += escaped;
    else if (PRINTABLE.test(char)) out += char;
    else out += escapeCodePoint(char.codePointAt(0) ?? 0);
  }
  return `${out}"`;
}

function escapeCodePoint(code: number): string {
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

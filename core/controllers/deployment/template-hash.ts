import { isRecord } from '../../api/types/meta.ts';
import type { PodTemplateSpec } from '../replicaset/objects.ts';

/** apps/v1 DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, no look-alike characters. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps every character to the safe alphabet, so a hash never spells a word. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHANUMS[text.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/** FNV-1a, 32 bits (hash/fnv New32a), over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * JSON with absent, null and empty values dropped: Go's semantic equality
 * treats a nil map or slice like an empty one, and a template read back from
 * the API may carry `creationTimestamp: null` where the original had nothing.
 */
export function normalized(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => normalized(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = normalized(value[key]);
      if (item !== undefined) out[key] = item;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(normalized(value) ?? null);
}

/** apiequality.Semantic.DeepEqual over JSON values. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function withoutHashLabel(template: PodTemplateSpec | undefined): unknown {
  if (template === undefined) return undefined;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** deploymentutil.EqualIgnoreHash: the same template, whatever their pod-template-hash labels say. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHashLabel(a), withoutHashLabel(b));
}

/**
 * controller.ComputeHash: FNV-32a of the template, then of the collision
 * count as 8 little-endian bytes when there is one, printed in decimal and
 * mapped to the safe alphabet: `nginx-deployment-77d8468669`. Kubernetes
 * hashes go-spew's dump of the Go struct, which no other program reproduces
 * byte for byte (and which changes between Kubernetes versions); we hash the
 * template's canonical JSON, so names have the same form and the same
 * stability, not the same digits.
 */
export function computeTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}

import { isRecord } from '../types/meta.ts';
import { fieldElement } from './path-element.ts';
import type { FieldSchema } from './patch-strategy.ts';
import { childSchema, itemSchema } from './patch-strategy.ts';
import { associativeList, indexListItems } from './typed-fields.ts';

/**
 * Merges an applied configuration into the live object (structured-merge-diff typed.Merge):
 * maps merge key by key, map lists merge item by item on their keys, set lists are a union,
 * atomic values and scalars are replaced by the configuration's. A null in the configuration
 * clears the field, as decoding the merged object does in Kubernetes.
 */
export function mergeApplied(live: unknown, config: unknown, schema: FieldSchema | undefined): unknown {
  return mergeValue(live, config, schema, []);
}

type Shape = 'map' | 'list' | 'scalar';

function shapeOf(value: unknown): Shape | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return 'map';
  return Array.isArray(value) ? 'list' : 'scalar';
}

function mergeValue(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[]): unknown {
  if (rhs === null) return undefined;
  const lhsShape = shapeOf(lhs);
  const rhsShape = shapeOf(rhs);
  if (lhsShape !== undefined && rhsShape !== undefined && lhsShape !== rhsShape) return mergeValue(undefined, rhs, schema, path);
  const shape = lhsShape ?? rhsShape;
  if (shape === 'map') return mergeMap(lhs, rhs, schema, path);
  if (shape === 'list') return mergeList(lhs, rhs, schema, path);
  return rhs !== undefined ? rhs : lhs;
}

function mergeMap(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[]): unknown {
  const left = isRecord(lhs) ? lhs : undefined;
  const right = isRecord(rhs) ? rhs : undefined;
  const bothEmpty = (left === undefined || Object.keys(left).length === 0) && (right === undefined || Object.keys(right).length === 0);
  if (schema?.atomic === true || bothEmpty) return rhs !== undefined ? rhs : lhs;
  const out: Record<string, unknown> = {};
  // Live key order first, then the configuration's new keys: stable output for clients.
  const keys = new Set([...Object.keys(left ?? {}), ...Object.keys(right ?? {})]);
  for (const key of keys) {
    const merged = mergeValue(left?.[key], right?.[key], childSchema(schema, key), [...path, fieldElement(key)]);
    if (merged !== undefined) out[key] = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function mergeList(lhs: unknown, rhs: unknown, schema: FieldSchema | undefined, path: string[]): unknown {
  const left = Array.isArray(lhs) ? lhs : [];
  const right = Array.isArray(rhs) ? rhs : [];
  const list = associativeList(schema);
  if (list === undefined || (left.length === 0 && right.length === 0)) return rhs !== undefined ? rhs : lhs;
  const live = indexListItems(list, left, path);
  const applied = indexListItems(list, right, path);
  const elementSchema = itemSchema(schema);
  const mergeItem = (element: string): unknown =>
    mergeValue(live.byElement.get(element)?.[0], applied.byElement.get(element)?.[0], elementSchema, [...path, element]);
  const out: unknown[] = [];
  const push = (value: unknown): void => {
    if (value !== undefined) out.push(value);
  };
  for (const element of mergeOrder(live.elements, applied.elements)) push(mergeItem(element));
  return out.length > 0 ? out : undefined;
}

/**
 * The item order of SMD's visitListItems: live items the configuration does not mention keep
 * their place, the configuration's items follow its order, and new ones go where it puts them.
 */
export function mergeOrder(lhs: readonly string[], rhs: readonly string[]): string[] {
  const inRhs = new Set(rhs);
  const inLhs = new Set(lhs);
  const shared = rhs.filter((element) => inLhs.has(element));
  let sharedIndex = 0;
  const nextShared = (): string | undefined => shared[sharedIndex];
  const emitted = new Set<string>();
  const out: string[] = [];
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    const left = lhs[l];
    const right = rhs[r];
    if (left !== undefined && right !== undefined) {
      if (left === right) {
        out.push(left);
        emitted.add(left);
        l++;
        r++;
        sharedIndex++;
        continue;
      }
      if (inRhs.has(left) && nextShared() !== undefined && nextShared() !== left) {
        l++;
        continue;
      }
    }
    if (left !== undefined) {
      if (!inRhs.has(left)) {
        out.push(left);
        l++;
        continue;
      } else if (emitted.has(left)) {
        l++;
      }
    }
    if (right !== undefined) {
      out.push(right);
      emitted.add(right);
      r++;
      if (nextShared() === right) sharedIndex++;
    }
  }
  return out;
}

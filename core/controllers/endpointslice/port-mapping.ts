import { endpointKey, endpointsEqualBeyondHash } from './endpoint-keys.ts';
import { endpointsOf, type AddressType, type Endpoint, type EndpointPort, type EndpointSlice } from './objects.ts';
import type { ServiceView } from './service-view.ts';
import { newEndpointSlice, sliceLabels } from './slice-meta.ts';
import { cloneJson } from '../../api/types/clone-json.ts';

/**
 * reconcileByPortMapping: fits the desired endpoints of one port set into
 * that port set's existing slices with as few writes as possible, in three
 * steps: (1) drop unwanted endpoints from existing slices and refresh changed
 * ones in place, (2) top up the slices step 1 changes anyway, (3) put what is
 * left into the unchanged slice it fills best, or into new slices.
 */

export interface PortMappingInput {
  service: ServiceView;
  /** the slices of this port set owned by the Service */
  existing: readonly EndpointSlice[];
  /** the endpoints wanted, by endpointKey; consumed as they are placed */
  desired: Map<string, Endpoint>;
  ports: EndpointPort[];
  addressType: AddressType;
  maxEndpointsPerSlice: number;
  controllerName: string;
}

export interface PortMappingPlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** PopAny: the first desired endpoint (insertion order keeps plans repeatable). */
function popFirst(desired: Map<string, Endpoint>): Endpoint | undefined {
  for (const [key, endpoint] of desired) {
    desired.delete(key);
    return endpoint;
  }
  return undefined;
}

function fill(slice: EndpointSlice, desired: Map<string, Endpoint>, max: number): void {
  while (desired.size > 0 && slice.endpoints.length < max) {
    const endpoint = popFirst(desired);
    if (endpoint !== undefined) slice.endpoints.push(endpoint);
  }
}

/** getSliceToFill: the slice closest to full once `count` endpoints are added, if any has the room. */
export function sliceToFill(slices: readonly EndpointSlice[], count: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = max - (count + endpointsOf(slice).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) return closest;
    }
  }
  return closest;
}

function copyWith(slice: EndpointSlice, changes: { endpoints?: Endpoint[]; labels?: Record<string, string> }): EndpointSlice {
  const copy = cloneJson(slice);
  copy.endpoints = changes.endpoints ?? endpointsOf(copy);
  if (changes.labels !== undefined) copy.metadata.labels = changes.labels;
  return copy;
}

export function planPortMapping(input: PortMappingInput): PortMappingPlan {
  const { service, desired, maxEndpointsPerSlice: max, controllerName } = input;
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Keep what is still wanted, refreshed; remember the slices that change.
  for (const existing of input.existing) {
    const name = existing.metadata.name ?? '';
    byName.set(name, existing);
    const kept: Endpoint[] = [];
    let endpointChanged = false;
    for (const endpoint of endpointsOf(existing)) {
      const key = endpointKey(endpoint);
      const wanted = desired.get(key);
      if (wanted === undefined) continue;
      kept.push(wanted);
      if (!endpointsEqualBeyondHash(wanted, endpoint)) endpointChanged = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(existing.metadata.labels, service, controllerName);
    if (endpointChanged || kept.length !== endpointsOf(existing).length) {
      if (kept.length === 0) {
        toDelete.add(name);
      } else {
        byName.set(name, copyWith(existing, { endpoints: kept, labels }));
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      byName.set(name, copyWith(existing, { labels }));
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  // 2. Slices written anyway take new endpoints first, the fullest first.
  if (desired.size > 0 && toUpdate.size > 0) {
    const updating = [...toUpdate].map((n) => byName.get(n)).filter((s): s is EndpointSlice => s !== undefined);
    updating.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const slice of updating) fill(slice, desired, max);
  }

  // 3. The rest into the unchanged slice it fits best, else into new slices.
  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let target: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size > 0) {
      const candidates = [...unchanged].map((n) => byName.get(n)).filter((s): s is EndpointSlice => s !== undefined);
      const found = sliceToFill(candidates, desired.size, max);
      if (found !== undefined) {
        target = copyWith(found, {});
        byName.set(target.metadata.name ?? '', target);
      }
    }
    const slice = target ?? newEndpointSlice(service, input.ports, input.addressType, controllerName);
    fill(slice, desired, max);
    if (target !== undefined) {
      const name = target.metadata.name ?? '';
      toUpdate.add(name);
      unchanged.delete(name);
    } else {
      create.push(slice);
    }
  }

  const named = (names: Set<string>): EndpointSlice[] => [...names].map((n) => byName.get(n)).filter((s): s is EndpointSlice => s !== undefined);
  return { create, update: named(toUpdate), delete: named(toDelete) };
}

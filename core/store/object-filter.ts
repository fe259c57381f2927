import type { ResourceType } from '../api/resource-type.ts';
import type { KubeObject } from '../api/types/meta.ts';
import { matchesLabels, type ParsedLabelSelector } from '../api/selectors/label-selector.ts';
import { matchesFields, type FieldRequirement } from '../api/selectors/field-selector.ts';

/** Parsed selectors of a list or watch. */
export interface ObjectFilter {
  labelSelector?: ParsedLabelSelector;
  fieldSelector?: FieldRequirement[];
}

export function fieldValue(type: ResourceType, obj: KubeObject, field: string): string | undefined {
  if (field === 'metadata.name') return obj.metadata.name ?? '';
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  const extract = type.selectableFields[field];
  return extract === undefined ? undefined : (extract(obj) ?? '');
}

export function matchesObject(type: ResourceType, obj: KubeObject, filter: ObjectFilter): boolean {
  if (filter.labelSelector !== undefined && !matchesLabels(filter.labelSelector, obj.metadata.labels)) return false;
  if (filter.fieldSelector !== undefined && !matchesFields(filter.fieldSelector, (f) => fieldValue(type, obj, f))) return false;
  return true;
}

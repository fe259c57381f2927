/**
 * Fields that Kubernetes types as resource.Quantity (or a map of them, ResourceList) but the
 * generated client models type as plain strings: the OpenAPI generator flattens Quantity to
 * `string`, so this knowledge has to be restated. Entries are `<ModelClass>.<jsonField>`.
 */

/** map[ResourceName]Quantity fields, by any model: the names the brief and Kubernetes share. */
const QUANTITY_MAP_FIELD_NAMES = new Set(['requests', 'limits', 'capacity', 'allocatable']);

/** map[...]Quantity fields whose names do not say so. */
const QUANTITY_MAP_FIELDS = new Set([
  'V1ContainerStatus.allocatedResources',
  'V1LimitRangeItem.default',
  'V1LimitRangeItem.defaultRequest',
  'V1LimitRangeItem.max',
  'V1LimitRangeItem.maxLimitRequestRatio',
  'V1LimitRangeItem.min',
  'V1Overhead.podFixed',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1PodSpec.overhead',
  'V1PodStatus.allocatedResources',
  'V1ResourceQuotaSpec.hard',
  'V1ResourceQuotaStatus.hard',
  'V1ResourceQuotaStatus.used',
  'V1DeviceRequestAllocationResult.consumedCapacity',
]);

/** Single Quantity fields. */
const QUANTITY_FIELDS = new Set([
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
  'V1CSIStorageCapacity.capacity',
  'V1CSIStorageCapacity.maximumVolumeSize',
]);

const STRING_MAP = '{ [key: string]: string; }';

export function isQuantityMapField(className: string, field: string, type: string): boolean {
  if (type !== STRING_MAP) return false;
  return QUANTITY_MAP_FIELD_NAMES.has(field) || QUANTITY_MAP_FIELDS.has(`${className}.${field}`);
}

export function isQuantityField(className: string, field: string, type: string): boolean {
  return type === 'string' && QUANTITY_FIELDS.has(`${className}.${field}`);
}

import type { TableColumnDefinition } from './table.ts';

/**
 * Column-definition helpers shared by the per-kind printers. Descriptions are
 * the API field docs Kubernetes puts there (SwaggerDoc), shortened.
 */

export const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.';

export const CREATION_TIMESTAMP_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.';

export const CONTAINERS_DOC = 'Names of each container in the template.';
export const IMAGES_DOC = 'Images referenced by each container in the template.';

/** A printed column; `priority` 1 marks the ones kubectl shows only with `-o wide`. */
export function column(
  name: string,
  type: TableColumnDefinition['type'],
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** Kubernetes' name column: the one kubectl uses for `-o name` and NAMESPACE prefixing. */
export function nameColumn(priority = 0): TableColumnDefinition {
  return column('Name', 'string', NAME_DOC, priority, 'name');
}

export function ageColumn(): TableColumnDefinition {
  return column('Age', 'string', CREATION_TIMESTAMP_DOC);
}

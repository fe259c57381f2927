import { translateTimestampSince } from '../../table/age.ts';
import { CONTAINERS_DOC, IMAGES_DOC, ageColumn, column, nameColumn } from '../../table/columns.ts';
import { layoutContainerCells, templateContainers } from '../../table/containers.ts';
import { field, num } from '../../table/fields.ts';
import { formatLabelSelector } from '../../table/labels.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get replicasets`, after printReplicaSet. */
export const replicaSetTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    column('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    ageColumn(),
    column('Containers', 'string', CONTAINERS_DOC, 1),
    column('Images', 'string', IMAGES_DOC, 1),
    column('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  cells(obj, now) {
    const { names, images } = layoutContainerCells(templateContainers(obj));
    return [
      obj.metadata.name ?? '',
      // v1 defaulting sets spec.replicas to 1 when it is omitted.
      num(obj, 'spec', 'replicas') ?? 1,
      num(obj, 'status', 'replicas') ?? 0,
      num(obj, 'status', 'readyReplicas') ?? 0,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(field(obj, 'spec', 'selector')),
    ];
  },
};

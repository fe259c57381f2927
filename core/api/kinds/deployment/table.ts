import { translateTimestampSince } from '../../table/age.ts';
import { CONTAINERS_DOC, IMAGES_DOC, ageColumn, column, nameColumn } from '../../table/columns.ts';
import { layoutContainerCells, templateContainers } from '../../table/containers.ts';
import { field, num } from '../../table/fields.ts';
import { labelSelectorString } from '../../table/labels.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get deployments`, after printDeployment. */
export const deploymentTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn(),
    column('Containers', 'string', CONTAINERS_DOC, 1),
    column('Images', 'string', IMAGES_DOC, 1),
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  cells(obj, now) {
    // v1 defaulting sets spec.replicas to 1 when it is omitted.
    const desired = num(obj, 'spec', 'replicas') ?? 1;
    const ready = num(obj, 'status', 'readyReplicas') ?? 0;
    const { names, images } = layoutContainerCells(templateContainers(obj));
    // Unlike other printers, an empty selector prints as "" here, a broken one as "<invalid>".
    const selector = labelSelectorString(field(obj, 'spec', 'selector')) ?? '<invalid>';
    return [
      obj.metadata.name ?? '',
      `${ready}/${desired}`,
      num(obj, 'status', 'updatedReplicas') ?? 0,
      num(obj, 'status', 'availableReplicas') ?? 0,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      names,
      images,
      selector,
    ];
  },
};

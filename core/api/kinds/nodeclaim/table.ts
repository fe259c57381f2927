import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { str, strMap } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';
import { conditionStatus } from '../nodepool/table.ts';
import { WellKnownLabels } from '../nodepool/types.ts';

/**
 * `kubectl get nodeclaims`, after Karpenter's NodeClaim printer columns: what
 * it launched as comes from the claim's labels, which the provisioner sets
 * once the provider has answered. An unknown value prints blank, as a custom
 * resource's missing column does.
 */
export const nodeClaimTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'The instance type the claim launched as.'),
    column('Capacity', 'string', 'on-demand or spot.'),
    column('Zone', 'string', 'The zone the node runs in.'),
    column('Node', 'string', 'The Node registered for the claim.'),
    column('Ready', 'string', "Status of the claim's Ready condition."),
    ageColumn(),
    column('ID', 'string', "The provider's ID of the machine.", 1),
    column('NodePool', 'string', 'The pool the claim was made for.', 1),
  ],
  cells(claim, now) {
    const labels = strMap(claim, 'metadata', 'labels');
    const label = (key: string): string => labels[key] ?? '';
    return [
      claim.metadata.name ?? '',
      label(WellKnownLabels.instanceType),
      label(WellKnownLabels.capacityType),
      label(WellKnownLabels.zone),
      str(claim, 'status', 'nodeName') ?? '',
      conditionStatus(claim, 'Ready'),
      translateTimestampSince(claim.metadata.creationTimestamp, now),
      str(claim, 'status', 'providerID') ?? '',
      label(WellKnownLabels.nodePool),
    ];
  },
};

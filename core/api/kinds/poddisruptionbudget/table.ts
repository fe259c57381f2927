import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import type { TableConvertor } from '../../table/table.ts';
import { intOrPercentText } from './int-or-percent.ts';
import { budgetSpecOf, budgetStatusOf } from './types.ts';

/** `kubectl get poddisruptionbudgets`, after printPodDisruptionBudget: "N/A" for the bound that is not set. */
export const podDisruptionBudgetTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells(obj, now) {
    const spec = budgetSpecOf(obj);
    return [
      obj.metadata.name ?? '',
      spec.minAvailable === undefined ? 'N/A' : intOrPercentText(spec.minAvailable),
      spec.maxUnavailable === undefined ? 'N/A' : intOrPercentText(spec.maxUnavailable),
      budgetStatusOf(obj).disruptionsAllowed,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};

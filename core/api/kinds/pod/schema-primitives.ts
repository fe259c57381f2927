import { z } from 'zod';

/** JSON building blocks shared by the workload schemas. */

export const str = z.string();
export const int = z.int();
export const bool = z.boolean();
export const strList = z.array(z.string());
export const strMap = z.record(z.string(), z.string());

/** resource.Quantity unmarshals from a JSON string or a bare number. */
export const quantity = z.union([z.string(), z.number()], { error: 'must be a quantity (a string or a number)' });
export const resourceList = z.record(z.string(), quantity);

/** intstr.IntOrString */
export const intOrString = z.union([z.int(), z.string()], { error: 'must be an integer or a string' });

const labelSelectorRequirement = z.object({
  key: str.optional(),
  operator: str.optional(),
  values: strList.optional(),
});

/** metav1.LabelSelector */
export const labelSelector = z.object({
  matchLabels: strMap.optional(),
  matchExpressions: z.array(labelSelectorRequirement).optional(),
});

export type IntOrString = z.infer<typeof intOrString>;
export type QuantityValue = z.infer<typeof quantity>;
export type LabelSelectorShape = z.infer<typeof labelSelector>;

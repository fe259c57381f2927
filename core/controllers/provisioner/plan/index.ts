export { planProvisioning } from './plan.ts';
export { createPlanningFramework, type PlanningFrameworkOptions } from './planning-framework.ts';
export { MAX_INSTANCE_TYPES } from './planned-node.ts';
export type { LaunchingNode, PlannedNode, PoolInput, PoolLimit, ProvisioningInput, ProvisioningPlan } from './types.ts';

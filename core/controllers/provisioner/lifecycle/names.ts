/** The finalizer that holds a NodeClaim until its node is drained and its machine removed (Karpenter's karpenter.sh/termination). */
export const TERMINATION_FINALIZER = 'kubernel.dev/termination';

/** Marks NodePool objects written from kubernel.yaml, so a pool removed from the file is removed from the API too. */
export const SOURCE_ANNOTATION = 'kubernel.dev/source';
export const CONFIG_SOURCE = 'kubernel.yaml';

/** Keeps new pods off a node being drained (Karpenter's karpenter.sh/disrupted:NoSchedule). */
export const DISRUPTED_TAINT = { key: 'kubernel.dev/disrupted', effect: 'NoSchedule' } as const;

/** The Event component of the NodeClaim and NodePool controllers. */
export const EVENT_COMPONENT = 'nodeclaim-lifecycle';

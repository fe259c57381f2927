/** The metadata keys the disruption controller reads and writes. */

export const DisruptionKeys = {
  /** on a Node or a Pod: "true" keeps the node from voluntary disruption (Karpenter's karpenter.sh/do-not-disrupt) */
  doNotDisrupt: 'kubernel.dev/do-not-disrupt',
  /** on a NodeClaim being consolidated by replacement: the name of the claim that replaces it */
  replacedBy: 'kubernel.dev/replaced-by',
  /** kube's pod-deletion-cost, which Karpenter folds into a pod's eviction cost */
  podDeletionCost: 'controller.kubernetes.io/pod-deletion-cost',
  /** kubelet marks the API copy of a static pod with this */
  mirrorPod: 'kubernetes.io/config.mirror',
} as const;

/** The component Events of this controller name as their source. */
export const DISRUPTION_COMPONENT = 'disruption-controller';

/**
 * kube-controller-manager's node lifecycle flags, as kubernel.yaml's
 * `controllers.nodeLifecycle` gives them (seconds; fractions allowed so tests
 * can run on short clocks).
 */
import { NODE_LIFECYCLE_DEFAULTS } from '../../kernel/config-schema.ts';

export interface NodeLifecycleOptions {
  /** --node-monitor-period: how often node health is checked */
  nodeMonitorPeriodSeconds: number;
  /** --node-monitor-grace-period: silence after which a node's conditions turn Unknown */
  nodeMonitorGracePeriodSeconds: number;
  /** --node-startup-grace-period: the same for a node that never posted a Ready condition */
  nodeStartupGracePeriodSeconds: number;
  /** --node-eviction-rate: nodes per second per zone given a NoExecute taint while the zone is healthy */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: the rate in a partially disrupted zone of a large cluster */
  secondaryNodeEvictionRate: number;
  /** --large-cluster-size-threshold: zones with more nodes count as large */
  largeClusterSizeThreshold: number;
  /** --unhealthy-zone-threshold: share of not-Ready nodes (at least 3) that makes a zone partially disrupted */
  unhealthyZoneThreshold: number;
}

/** Kubernetes 1.32's defaults (kubernel.yaml's `controllers.nodeLifecycle` defaults are the same values). */
export const DEFAULT_NODE_LIFECYCLE_OPTIONS: Readonly<NodeLifecycleOptions> = Object.freeze({ ...NODE_LIFECYCLE_DEFAULTS });

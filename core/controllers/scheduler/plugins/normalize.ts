import { MAX_NODE_SCORE, type NodeScore } from '../../../contracts/scheduling.ts';

/**
 * helper.DefaultNormalizeScore: scales scores so the highest becomes
 * `maxPriority` (integer arithmetic, as Kubernetes), or with `reverse` so the
 * highest becomes 0 and 0 becomes `maxPriority`. All zeros stay zeros, or
 * become `maxPriority` when reversed.
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    const scaled = Math.trunc((maxPriority * s.score) / maxCount);
    s.score = reverse ? maxPriority - scaled : scaled;
  }
}

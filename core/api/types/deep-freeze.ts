/** Freezes `value` and everything reachable from it, so that a shared value cannot be changed by one of its holders. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  // An already frozen object may still hold unfrozen members: walk it all the same (JSON values have no cycles).
  if (!Object.isFrozen(value)) Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
  return value;
}

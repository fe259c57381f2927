/**
 * An allocator's refusal, worded as Kubernetes' ipallocator and portallocator
 * word theirs: the service REST storage puts this text into its 422 and 500
 * answers unchanged.
 */
export type AllocationFailure = 'not-in-range' | 'allocated' | 'full';

export class AllocationError extends Error {
  constructor(
    readonly reason: AllocationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AllocationError';
  }
}

/** ErrFull of both allocators */
export function rangeFull(): AllocationError {
  return new AllocationError('full', 'range is full');
}

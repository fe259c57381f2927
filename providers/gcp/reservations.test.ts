import { describe, expect, it } from 'vitest';
import { allocatableCpuMillis, allocatableMemoryBytes, reservedCpuMillis, reservedMemoryBytes } from './reservations.ts';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('GKE node reservations', () => {
  it.each([
    [1, 60, 940],
    [2, 70, 1930],
    [4, 80, 3920],
    [8, 90, 7910],
    [32, 150, 31850],
    [96, 310, 95690],
  ])('%i cores: %i m reserved, %i m allocatable', (cores, reserved, allocatable) => {
    expect(reservedCpuMillis(cores)).toBe(reserved);
    expect(allocatableCpuMillis(cores)).toBe(allocatable);
  });

  it.each([
    ['0.6 GiB (f1-micro)', 614 * MIB, 255 * MIB],
    ['4 GiB', 4 * GIB, 1 * GIB],
    ['8 GiB', 8 * GIB, 1.8 * GIB],
    ['16 GiB', 16 * GIB, 2.6 * GIB],
    ['32 GiB', 32 * GIB, 3.56 * GIB],
    ['128 GiB', 128 * GIB, 9.32 * GIB],
    ['150 GiB', 150 * GIB, 9.76 * GIB],
  ])('%s keeps its band shares plus the 100 MiB eviction threshold', (_name, total, kept) => {
    expect(reservedMemoryBytes(total)).toBe(Math.ceil(kept) + 100 * MIB);
  });

  it('agrees with GKE\'s calculator: 150 GiB reserves 9.8577 GiB in all', () => {
    expect(reservedMemoryBytes(150 * GIB) / GIB).toBeCloseTo(9.8577, 4);
  });

  it('offers a machine type its memory less the reservation', () => {
    expect(allocatableMemoryBytes(16384)).toBe(16 * GIB - Math.ceil(2.6 * GIB) - 100 * MIB);
  });
});

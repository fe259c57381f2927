import { describe, expect, it } from 'vitest';
import { pending, node, pod } from './test-fixtures.ts';
import { TargetList, type Target } from './targets.ts';

/** 80 existing nodes of 4 cpu, all full but n50 and n70 */
function cluster(): TargetList {
  const list = new TargetList();
  for (let i = 0; i < 80; i++) {
    const free = i === 50 || i === 70;
    const info = node(`n${i}`, { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, pods: free ? [] : [pod(`p${i}`, { nodeName: `n${i}`, requests: { cpu: '4' } })] });
    list.push({ kind: 'existing', serial: list.serial(), info, closed: false, position: 0 });
  }
  return list;
}

const names = (t: Target | undefined): string | undefined => t?.info.name;

describe('TargetList', () => {
  it.each<[string, number, string | undefined]>([
    ['the first with room', 0, 'n50'],
    ['the first with room from a serial on', 51, 'n70'],
    ['nothing past the last with room', 71, undefined],
  ])('finds %s, past whole blocks without any', (_name, from, expected) => {
    expect(names(cluster().firstFit(pending('p', '1').requests, from, () => true))).toBe(expected);
  });

  it('offers the next target with room when one is turned down', () => {
    expect(names(cluster().firstFit(pending('p', '1').requests, 0, (t) => t.info.name !== 'n50'))).toBe('n70');
  });

  it('sees the room a placement took once told the target changed', () => {
    const list = cluster();
    const requests = pending('p', '3').requests;
    const first = list.firstFit(requests, 0, () => true);
    first?.info.addPod(pending('big', '3'));
    if (first !== undefined) list.changed(first);
    expect(names(list.firstFit(requests, 0, () => true))).toBe('n70');
  });

  it('skips closed targets, also after sweeping them out', () => {
    const list = cluster();
    for (const t of [...list.all]) if (t.info.name !== 'n70') list.close(t);
    expect(list.all.map((t) => t.info.name)).toEqual(['n70']);
    expect(names(list.firstFit(pending('p', '1').requests, 0, () => true))).toBe('n70');
  });
});

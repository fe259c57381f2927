import { describe, expect, it } from 'vitest';
import { layoutContainerCells, templateContainers } from './containers.ts';

describe('layoutContainerCells', () => {
  it.each([
    [[], '', ''],
    [[{ name: 'app', image: 'nginx:1.25' }], 'app', 'nginx:1.25'],
    [
      [
        { name: 'app', image: 'nginx:1.25' },
        { name: 'sidecar', image: 'envoy:1.30' },
      ],
      'app,sidecar',
      'nginx:1.25,envoy:1.30',
    ],
  ])('%j', (containers, names, images) => {
    expect(layoutContainerCells(containers)).toEqual({ names, images });
  });

  it('reads the pod template containers', () => {
    const deployment = { spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } };
    expect(templateContainers(deployment)).toEqual([{ name: 'a', image: 'b' }]);
    expect(templateContainers({})).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveContainerPort } from './container-port.ts';

const container = {
  name: 'app',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  ],
};

describe('resolveContainerPort', () => {
  it.each([
    [80, 80],
    ['http', 8080],
    ['metrics', 9090],
    ['8081', 8081],
  ] as const)('resolves %j to %i', (port, expected) => {
    expect(resolveContainerPort(port, container)).toBe(expected);
  });

  it.each([
    ['admin', 'strconv.Atoi: parsing "admin": invalid syntax'],
    [0, 'invalid port number: 0'],
    [70000, 'invalid port number: 70000'],
    ['-1', 'invalid port number: -1'],
  ] as const)('rejects %j with kubelet\'s message', (port, message) => {
    expect(() => resolveContainerPort(port, container)).toThrow(message);
  });
});

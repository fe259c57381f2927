import { describe, expect, it } from 'vitest';
import { nginxPod, summarize, withChanges } from './test-fixtures.ts';
import { validatePod } from './validation.ts';

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

const C = 'spec.containers[0]';

function expectError(changes: Array<[string, unknown]>, field: string, type: string, message?: string): void {
  const errors = validatePod(withChanges(nginxPod(), changes));
  expect(summarize(errors)).toContain(`${field}: ${type}`);
  if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
}

describe('containers', () => {
  it.each<Case>([
    ['missing image', [[`${C}.image`, undefined]], `${C}.image`, 'FieldValueRequired', 'Required value'],
    ['empty image', [[`${C}.image`, '']], `${C}.image`, 'FieldValueRequired'],
    ['missing name', [[`${C}.name`, undefined]], `${C}.name`, 'FieldValueRequired'],
    ['name not a DNS label', [[`${C}.name`, 'Web_Server']], `${C}.name`, 'FieldValueInvalid'],
    ['duplicate container names', [['spec.containers[1]', { name: 'nginx', image: 'nginx' }]], 'spec.containers[1].name', 'FieldValueDuplicate', 'Duplicate value: "nginx"'],
    ['init container named like a container', [['spec.initContainers', [{ name: 'nginx', image: 'busybox' }]]], 'spec.initContainers[0].name', 'FieldValueDuplicate'],
    ['bad imagePullPolicy', [[`${C}.imagePullPolicy`, 'Sometimes']], `${C}.imagePullPolicy`, 'FieldValueNotSupported', 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ['bad terminationMessagePolicy', [[`${C}.terminationMessagePolicy`, 'Log']], `${C}.terminationMessagePolicy`, 'FieldValueNotSupported'],
    ['restartPolicy on a regular container', [[`${C}.restartPolicy`, 'Always']], `${C}.restartPolicy`, 'FieldValueForbidden', 'Forbidden: may not be set for non-init containers'],
    ['init container restartPolicy Never', [['spec.initContainers', [{ name: 'init', image: 'busybox', restartPolicy: 'Never' }]]], 'spec.initContainers[0].restartPolicy', 'FieldValueNotSupported'],
    ['probe on a plain init container', [['spec.initContainers', [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }]]], 'spec.initContainers[0].readinessProbe', 'FieldValueForbidden', 'Forbidden: may not be set for init containers without restartPolicy=Always'],
    ['privileged without privilege escalation', [[`${C}.securityContext`, { privileged: true, allowPrivilegeEscalation: false }]], `${C}.securityContext`, 'FieldValueInvalid'],
    ['bad seccomp profile type', [[`${C}.securityContext`, { seccompProfile: { type: 'Strict' } }]], `${C}.securityContext.seccompProfile.type`, 'FieldValueNotSupported'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));

  it('accepts a sidecar (restartable init container) with probes', () => {
    const pod = withChanges(nginxPod(), [
      ['spec.initContainers', [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 9901 } } }]],
    ]);
    expect(validatePod(pod)).toEqual([]);
  });
});

describe('ports', () => {
  it.each<Case>([
    ['containerPort 0', [[`${C}.ports[0].containerPort`, 0]], `${C}.ports[0].containerPort`, 'FieldValueRequired'],
    ['containerPort missing', [[`${C}.ports[0]`, { name: 'http' }]], `${C}.ports[0].containerPort`, 'FieldValueRequired'],
    ['containerPort too big', [[`${C}.ports[0].containerPort`, 70000]], `${C}.ports[0].containerPort`, 'FieldValueInvalid', 'Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['hostPort negative', [[`${C}.ports[0].hostPort`, -1]], `${C}.ports[0].hostPort`, 'FieldValueInvalid'],
    ['unknown protocol', [[`${C}.ports[0].protocol`, 'ICMP']], `${C}.ports[0].protocol`, 'FieldValueNotSupported', 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
    ['port name too long', [[`${C}.ports[0].name`, 'a-very-long-port-name']], `${C}.ports[0].name`, 'FieldValueInvalid', 'Invalid value: "a-very-long-port-name": must be no more than 15 characters'],
    ['port name without letters', [[`${C}.ports[0].name`, '8080']], `${C}.ports[0].name`, 'FieldValueInvalid'],
    ['duplicate port names', [[`${C}.ports`, [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 8080 }]]], `${C}.ports[1].name`, 'FieldValueDuplicate'],
    ['same host port twice', [[`${C}.ports`, [{ containerPort: 80, hostPort: 80 }, { containerPort: 81, hostPort: 80 }]]], `${C}.ports[1].hostPort`, 'FieldValueDuplicate', 'Duplicate value: "TCP//80"'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));
});

describe('environment', () => {
  it.each<Case>([
    ['env without name', [[`${C}.env`, [{ value: 'x' }]]], `${C}.env[0].name`, 'FieldValueRequired'],
    ['env name with =', [[`${C}.env`, [{ name: 'A=B' }]]], `${C}.env[0].name`, 'FieldValueInvalid'],
    ['valueFrom with no source', [[`${C}.env`, [{ name: 'A', valueFrom: {} }]]], `${C}.env[0].valueFrom`, 'FieldValueInvalid', 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
    ['valueFrom with two sources', [[`${C}.env`, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } }]]], `${C}.env[0].valueFrom`, 'FieldValueInvalid', 'Invalid value: "": may not have more than one field specified at a time'],
    ['value and valueFrom', [[`${C}.env`, [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]]], `${C}.env[0].valueFrom`, 'FieldValueInvalid'],
    ['unsupported fieldPath', [[`${C}.env`, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.schedulerName' } } }]]], `${C}.env[0].valueFrom.fieldRef.fieldPath`, 'FieldValueNotSupported'],
    ['unknown fieldPath', [[`${C}.env`, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } }]]], `${C}.env[0].valueFrom.fieldRef.fieldPath`, 'FieldValueInvalid', 'Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo'],
    ['subscript on a plain field', [[`${C}.env`, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.name['x']" } } }]]], `${C}.env[0].valueFrom.fieldRef.fieldPath`, 'FieldValueInvalid', `Invalid value: "metadata.name['x']": error converting fieldPath: field label does not support subscript: metadata.name['x']`],
    ['label subscript not a label key', [[`${C}.env`, [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['a b']" } } }]]], `${C}.env[0].valueFrom.fieldRef`, 'FieldValueInvalid'],
    ['configMapKeyRef without key', [[`${C}.env`, [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm' } } }]]], `${C}.env[0].valueFrom.configMapKeyRef.key`, 'FieldValueRequired'],
    ['cpu divisor 1Mi', [[`${C}.env`, [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } } }]]], `${C}.env[0].valueFrom.resourceFieldRef.divisor`, 'FieldValueInvalid'],
    ['envFrom with no source', [[`${C}.envFrom`, [{ prefix: 'P_' }]]], `${C}.envFrom`, 'FieldValueInvalid'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));

  it('accepts downward API, resource and key references', () => {
    const env = [
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ];
    const pod = withChanges(nginxPod(), [[`${C}.env`, env], [`${C}.envFrom`, [{ configMapRef: { name: 'settings' } }]]]);
    expect(validatePod(pod)).toEqual([]);
  });
});

describe('resources', () => {
  it.each<Case>([
    ['request above limit', [[`${C}.resources`, { limits: { cpu: '500m' }, requests: { cpu: '600m' } }]], `${C}.resources.requests`, 'FieldValueInvalid', 'Invalid value: "600m": must be less than or equal to cpu limit of 500m'],
    ['unparsable quantity', [[`${C}.resources`, { limits: { memory: '1 GB' } }]], `${C}.resources.limits[memory]`, 'FieldValueInvalid'],
    ['negative quantity', [[`${C}.resources`, { requests: { memory: '-1Gi' } }]], `${C}.resources.requests[memory]`, 'FieldValueInvalid', 'Invalid value: "-1Gi": must be greater than or equal to 0'],
    ['unknown resource', [[`${C}.resources`, { limits: { gpu: '1' } }]], `${C}.resources.limits[gpu]`, 'FieldValueInvalid', 'Invalid value: "gpu": must be a standard resource type or fully qualified'],
    ['fractional extended resource', [[`${C}.resources`, { limits: { 'example.com/gpu': '500m' } }]], `${C}.resources.limits[example.com/gpu]`, 'FieldValueInvalid', 'Invalid value: 500m: must be an integer'],
    ['extended request without limit', [[`${C}.resources`, { requests: { 'example.com/gpu': '1' } }]], `${C}.resources.limits`, 'FieldValueRequired', 'Required value: Limit must be set for non overcommitable resources'],
    ['extended request below limit', [[`${C}.resources`, { limits: { 'example.com/gpu': '2' }, requests: { 'example.com/gpu': '1' } }]], `${C}.resources.requests`, 'FieldValueInvalid', 'Invalid value: "1": must be equal to example.com/gpu limit of 2'],
    ['hugepages without cpu or memory', [[`${C}.resources`, { limits: { 'hugepages-2Mi': '4Mi' } }]], `${C}.resources`, 'FieldValueForbidden'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));

  it('accepts numbers as quantities and equal values written differently', () => {
    const pod = withChanges(nginxPod(), [[`${C}.resources`, { limits: { cpu: 1, memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }]]);
    expect(validatePod(pod)).toEqual([]);
  });
});

describe('probes and lifecycle', () => {
  it.each<Case>([
    ['probe without handler', [[`${C}.livenessProbe`, { periodSeconds: 5 }]], `${C}.livenessProbe`, 'FieldValueRequired', 'Required value: must specify a handler type'],
    ['probe with two handlers', [[`${C}.livenessProbe`, { exec: { command: ['true'] }, tcpSocket: { port: 80 } }]], `${C}.livenessProbe.tcpSocket`, 'FieldValueForbidden', 'Forbidden: may not specify more than 1 handler type'],
    ['liveness successThreshold 2', [[`${C}.livenessProbe`, { tcpSocket: { port: 80 }, successThreshold: 2 }]], `${C}.livenessProbe.successThreshold`, 'FieldValueInvalid', 'Invalid value: 2: must be 1'],
    ['startup successThreshold 3', [[`${C}.startupProbe`, { tcpSocket: { port: 80 }, successThreshold: 3 }]], `${C}.startupProbe.successThreshold`, 'FieldValueInvalid'],
    ['negative failureThreshold', [[`${C}.readinessProbe`, { tcpSocket: { port: 80 }, failureThreshold: -1 }]], `${C}.readinessProbe.failureThreshold`, 'FieldValueInvalid', 'Invalid value: -1: must be greater than or equal to 0'],
    ['readiness with terminationGracePeriodSeconds', [[`${C}.readinessProbe`, { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 10 }]], `${C}.readinessProbe.terminationGracePeriodSeconds`, 'FieldValueInvalid'],
    ['exec without command', [[`${C}.livenessProbe`, { exec: {} }]], `${C}.livenessProbe.exec.command`, 'FieldValueRequired'],
    ['httpGet with bad scheme', [[`${C}.readinessProbe`, { httpGet: { port: 80, scheme: 'FTP' } }]], `${C}.readinessProbe.httpGet.scheme`, 'FieldValueNotSupported'],
    ['httpGet with bad port name', [[`${C}.readinessProbe`, { httpGet: { port: 'HTTP' } }]], `${C}.readinessProbe.httpGet.port`, 'FieldValueInvalid'],
    ['tcpSocket without port', [[`${C}.readinessProbe`, { tcpSocket: {} }]], `${C}.readinessProbe.tcpSocket.port`, 'FieldValueInvalid', 'Invalid value: 0: must be between 1 and 65535, inclusive'],
    ['preStop sleep beyond grace period', [[`${C}.lifecycle`, { preStop: { sleep: { seconds: 60 } } }]], `${C}.lifecycle.preStop.sleep`, 'FieldValueInvalid', 'Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));

  it('accepts a readiness probe needing several successes', () => {
    const pod = withChanges(nginxPod(), [[`${C}.readinessProbe`, { httpGet: { path: '/ready', port: 80 }, successThreshold: 3 }]]);
    expect(validatePod(pod)).toEqual([]);
  });
});

describe('volume mounts', () => {
  it.each<Case>([
    ['mount of an unknown volume', [[`${C}.volumeMounts`, [{ name: 'data', mountPath: '/data' }]]], `${C}.volumeMounts[0].name`, 'FieldValueNotFound', 'Not found: "data"'],
    ['mount without path', [['spec.volumes', [{ name: 'data' }]], [`${C}.volumeMounts`, [{ name: 'data' }]]], `${C}.volumeMounts[0].mountPath`, 'FieldValueRequired'],
    ['two mounts on one path', [['spec.volumes', [{ name: 'a' }, { name: 'b' }]], [`${C}.volumeMounts`, [{ name: 'a', mountPath: '/x' }, { name: 'b', mountPath: '/x' }]]], `${C}.volumeMounts[1].mountPath`, 'FieldValueInvalid', 'Invalid value: "/x": must be unique'],
    ['subPath escaping the volume', [['spec.volumes', [{ name: 'a' }]], [`${C}.volumeMounts`, [{ name: 'a', mountPath: '/x', subPath: '../etc' }]]], `${C}.volumeMounts.subPath`, 'FieldValueInvalid'],
    ['bidirectional propagation unprivileged', [['spec.volumes', [{ name: 'a' }]], [`${C}.volumeMounts`, [{ name: 'a', mountPath: '/x', mountPropagation: 'Bidirectional' }]]], `${C}.volumeMounts.mountPropagation`, 'FieldValueForbidden'],
    ['device from a non-PVC volume', [['spec.volumes', [{ name: 'a' }]], [`${C}.volumeDevices`, [{ name: 'a', devicePath: '/dev/xvda' }]]], `${C}.volumeDevices[0].name`, 'FieldValueInvalid'],
  ])('rejects %s', (_name, changes, field, type, message) => expectError(changes, field, type, message));
});

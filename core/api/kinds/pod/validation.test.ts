import { describe, expect, it } from 'vitest';
import { defaultPod } from './defaults.ts';
import { nginxPod, summarize, withChanges } from './test-fixtures.ts';
import { validatePod, validatePodSpec, validatePodTemplateSpec } from './validation.ts';

type Case = [name: string, changes: Array<[string, unknown]>, field: string, type: string, message?: string];

describe('validatePod', () => {
  it('accepts the nginx Pod from the Kubernetes docs, raw and defaulted', () => {
    expect(validatePod(nginxPod())).toEqual([]);
    const stored = nginxPod();
    defaultPod(stored);
    expect(validatePod(stored)).toEqual([]);
  });

  it('does not modify the object it validates', () => {
    const pod = nginxPod();
    validatePod(pod);
    expect(pod).toEqual(nginxPod());
  });

  it('accepts a realistic pod using most features', () => {
    const pod = withChanges(nginxPod(), [
      ['spec.volumes', [{ name: 'config', configMap: { name: 'nginx-conf', items: [{ key: 'nginx.conf', path: 'nginx.conf' }] } }, { name: 'cache' }]],
      ['spec.containers[0].volumeMounts', [{ name: 'config', mountPath: '/etc/nginx' }, { name: 'cache', mountPath: '/var/cache/nginx' }]],
      ['spec.containers[0].env', [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'MODE', value: 'prod' }]],
      ['spec.containers[0].resources', { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } }],
      ['spec.containers[0].readinessProbe', { httpGet: { path: '/healthz', port: 80 }, initialDelaySeconds: 5 }],
      ['spec.containers[0].livenessProbe', { tcpSocket: { port: 'http' } }],
      ['spec.containers[0].ports[0].name', 'http'],
      ['spec.initContainers', [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }]],
      ['spec.nodeSelector', { 'kubernetes.io/os': 'linux' }],
      ['spec.tolerations', [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]],
      ['spec.affinity', { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'nginx' } }, topologyKey: 'kubernetes.io/hostname' } }] } }],
      ['spec.topologySpreadConstraints', [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'nginx' } } }]],
    ]);
    expect(validatePod(pod)).toEqual([]);
  });

  it.each<Case>([
    ['missing name', [['metadata.name', undefined]], 'metadata.name', 'FieldValueRequired', 'Required value: name or generateName is required'],
    ['name not a subdomain', [['metadata.name', 'Web_1']], 'metadata.name', 'FieldValueInvalid'],
    ['missing namespace', [['metadata.namespace', undefined]], 'metadata.namespace', 'FieldValueRequired'],
    ['bad label', [['metadata.labels', { 'a b': 'x' }]], 'metadata.labels', 'FieldValueInvalid'],
    ['no containers', [['spec.containers', []]], 'spec.containers', 'FieldValueRequired', 'Required value'],
    ['containers missing', [['spec.containers', undefined]], 'spec.containers', 'FieldValueRequired'],
    ['bad restartPolicy', [['spec.restartPolicy', 'Sometimes']], 'spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ['bad dnsPolicy', [['spec.dnsPolicy', 'Google']], 'spec.dnsPolicy', 'FieldValueNotSupported'],
    ['dnsPolicy None without config', [['spec.dnsPolicy', 'None']], 'spec.dnsConfig', 'FieldValueRequired'],
    ['bad nodeSelector key', [['spec.nodeSelector', { '-bad': 'x' }]], 'spec.nodeSelector', 'FieldValueInvalid'],
    ['bad nodeSelector value', [['spec.nodeSelector', { disk: 'not ok' }]], 'spec.nodeSelector', 'FieldValueInvalid'],
    ['activeDeadlineSeconds 0', [['spec.activeDeadlineSeconds', 0]], 'spec.activeDeadlineSeconds', 'FieldValueInvalid', 'Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ['hostname not a label', [['spec.hostname', 'a.b']], 'spec.hostname', 'FieldValueInvalid', 'must not contain dots'],
    ['serviceAccountName invalid', [['spec.serviceAccountName', 'Bad Name']], 'spec.serviceAccountName', 'FieldValueInvalid'],
    ['hostNetwork port mismatch', [['spec.hostNetwork', true], ['spec.containers[0].ports[0].hostPort', 8080]], 'spec.containers[0].ports[0].hostPort', 'FieldValueInvalid', 'must match `containerPort` when `hostNetwork` is true'],
    ['ephemeral containers on create', [['spec.ephemeralContainers', [{ name: 'debug', image: 'busybox' }]]], 'spec.ephemeralContainers', 'FieldValueForbidden', 'Forbidden: cannot be set on create'],
    ['nodeName with scheduling gates', [['spec.nodeName', 'node-1'], ['spec.schedulingGates', [{ name: 'example.com/gate' }]]], 'spec.nodeName', 'FieldValueForbidden'],
    ['duplicate scheduling gate', [['spec.schedulingGates', [{ name: 'a.io/g' }, { name: 'a.io/g' }]]], 'spec.schedulingGates[1]', 'FieldValueDuplicate'],
    ['token projection without service account', [['spec.volumes', [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }]]], 'spec.volumes[0].projected.sources[0].serviceAccountToken', 'FieldValueForbidden'],
    ['image with whitespace', [['spec.containers[0].image', ' nginx']], 'spec.containers[0].image', 'FieldValueInvalid', 'must not have leading or trailing whitespace'],
    ['mirror annotation without node', [['metadata.annotations', { 'kubernetes.io/config.mirror': 'x' }]], 'metadata.annotations[kubernetes.io/config.mirror]', 'FieldValueInvalid'],
    ['bad deletion cost', [['metadata.annotations', { 'controller.kubernetes.io/pod-deletion-cost': 'high' }]], 'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]', 'FieldValueInvalid', 'must be a 32bit integer'],
    ['dnsConfig with bad nameserver', [['spec.dnsConfig', { nameservers: ['1.2.3'] }]], 'spec.dnsConfig.nameservers[0]', 'FieldValueInvalid'],
    ['hostAliases bad ip', [['spec.hostAliases', [{ ip: 'nope', hostnames: ['a'] }]]], 'spec.hostAliases[0].ip', 'FieldValueInvalid'],
    ['bad os', [['spec.os', { name: 'plan9' }]], 'spec.os', 'FieldValueNotSupported'],
    ['bad preemptionPolicy', [['spec.preemptionPolicy', 'Sometimes']], 'spec.preemptionPolicy', 'FieldValueNotSupported'],
    ['readiness gate not qualified', [['spec.readinessGates', [{ conditionType: 'a/b/c' }]]], 'spec.readinessGates[0].conditionType', 'FieldValueInvalid'],
    ['runAsUser out of range', [['spec.securityContext', { runAsUser: -1 }]], 'spec.securityContext.runAsUser', 'FieldValueInvalid', 'must be between 0 and 4294967295, inclusive'],
    ['shareProcessNamespace with hostPID', [['spec.shareProcessNamespace', true], ['spec.hostPID', true]], 'spec.securityContext.shareProcessNamespace', 'FieldValueInvalid'],
    ['hostUsers false with hostNetwork', [['spec.hostUsers', false], ['spec.hostNetwork', true]], 'spec.hostNetwork', 'FieldValueForbidden'],
  ])('rejects %s', (_name, changes, field, type, message) => {
    const errors = validatePod(withChanges(nginxPod(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field)?.message).toContain(message);
  });

  it.each<Case>([
    ['spec not an object', [['spec', 'x']], 'spec', 'FieldValueTypeInvalid', 'Invalid value: "x": must be of type object'],
    ['containers not a list', [['spec.containers', { name: 'a' }]], 'spec.containers', 'FieldValueTypeInvalid', 'must be of type array'],
    ['image a number', [['spec.containers[0].image', 5]], 'spec.containers[0].image', 'FieldValueTypeInvalid', 'Invalid value: 5: must be of type string'],
    ['containerPort a string', [['spec.containers[0].ports[0].containerPort', '80']], 'spec.containers[0].ports[0].containerPort', 'FieldValueTypeInvalid', 'must be of type integer'],
    ['fractional port', [['spec.containers[0].ports[0].containerPort', 80.5]], 'spec.containers[0].ports[0].containerPort', 'FieldValueTypeInvalid', 'must be of type integer'],
    ['nodeSelector value not a string', [['spec.nodeSelector', { disk: true }]], 'spec.nodeSelector[disk]', 'FieldValueTypeInvalid'],
    ['limits value an object', [['spec.containers[0].resources', { limits: { cpu: { n: 1 } } }]], 'spec.containers[0].resources.limits[cpu]', 'FieldValueTypeInvalid'],
    ['probe port a boolean', [['spec.containers[0].livenessProbe', { httpGet: { port: true } }]], 'spec.containers[0].livenessProbe.httpGet.port', 'FieldValueTypeInvalid', 'must be an integer or a string'],
    ['hostNetwork a string', [['spec.hostNetwork', 'yes']], 'spec.hostNetwork', 'FieldValueTypeInvalid', 'must be of type boolean'],
  ])('reports a JSON type error when %s', (_name, changes, field, type, message) => {
    const errors = validatePod(withChanges(nginxPod(), changes));
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field)?.message).toContain(message);
  });

  it('accepts a negative terminationGracePeriodSeconds, as Kubernetes does (kubelet treats it as 1)', () => {
    expect(validatePod(withChanges(nginxPod(), [['spec.terminationGracePeriodSeconds', -5]]))).toEqual([]);
  });

  it('treats JSON null like an absent field', () => {
    expect(validatePod(withChanges(nginxPod(), [['spec.nodeSelector', null], ['spec.volumes', null]]))).toEqual([]);
  });
});

describe('validatePodSpec and validatePodTemplateSpec', () => {
  it('validates a spec under the given path', () => {
    const errors = validatePodSpec({ containers: [{ name: 'a' }] }, 'spec.jobTemplate.spec.template.spec');
    expect(summarize(errors)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].image: FieldValueRequired']);
  });

  it('reports template labels at <path>.labels, as Kubernetes does', () => {
    const template = { metadata: { labels: { 'bad key!': 'x' } }, spec: { containers: [{ name: 'a', image: 'b' }] } };
    expect(summarize(validatePodTemplateSpec(template, 'spec.template'))).toEqual(['spec.template.labels: FieldValueInvalid']);
  });

  it('allows hostPort 0 with hostNetwork in templates but not in pods', () => {
    const spec = { hostNetwork: true, containers: [{ name: 'a', image: 'b', ports: [{ containerPort: 80 }] }] };
    expect(validatePodTemplateSpec({ spec }, 'spec.template')).toEqual([]);
    expect(summarize(validatePodSpec(spec, 'spec', { resourceIsPod: true }))).toEqual([
      'spec.containers[0].ports[0].hostPort: FieldValueInvalid',
    ]);
  });

  it('forbids ephemeral containers in templates', () => {
    const template = { spec: { containers: [{ name: 'a', image: 'b' }], ephemeralContainers: [{ name: 'd', image: 'e' }] } };
    expect(summarize(validatePodTemplateSpec(template, 'spec.template'))).toEqual([
      'spec.template.spec.ephemeralContainers: FieldValueForbidden',
    ]);
  });
});

import type { z } from 'zod';
import { bool, int, intOrString, list, quantity, resourceList, str, strList, struct } from '../support/json-shape.ts';

/**
 * The JSON shape of core/v1 Container and the structures it embeds, as far as
 * validation reads them. Parsing against it stands in for Go's typed decoding:
 * a value of the wrong JSON type becomes a field error instead of a crash later.
 * Unknown keys are dropped from the parsed copy; the stored object keeps them.
 */

export const objectFieldSelector = struct({ apiVersion: str.optional(), fieldPath: str.optional() });
export const resourceFieldSelector = struct({
  containerName: str.optional(),
  resource: str.optional(),
  divisor: quantity.optional(),
});
const keySelector = struct({ name: str.optional(), key: str.optional(), optional: bool.optional() });
const localRef = struct({ name: str.optional(), optional: bool.optional() });

const envVar = struct({
  name: str.optional(),
  value: str.optional(),
  valueFrom: struct({
    fieldRef: objectFieldSelector.optional(),
    resourceFieldRef: resourceFieldSelector.optional(),
    configMapKeyRef: keySelector.optional(),
    secretKeyRef: keySelector.optional(),
  }).optional(),
});

const envFromSource = struct({
  prefix: str.optional(),
  configMapRef: localRef.optional(),
  secretRef: localRef.optional(),
});

const containerPort = struct({
  name: str.optional(),
  containerPort: int.optional(),
  hostPort: int.optional(),
  hostIP: str.optional(),
  protocol: str.optional(),
});

const httpGetAction = struct({
  path: str.optional(),
  port: intOrString.optional(),
  host: str.optional(),
  scheme: str.optional(),
  httpHeaders: list(struct({ name: str.optional(), value: str.optional() })).optional(),
});

const handlerFields = {
  exec: struct({ command: strList.optional() }).optional(),
  httpGet: httpGetAction.optional(),
  tcpSocket: struct({ port: intOrString.optional(), host: str.optional() }).optional(),
};

export const probe = struct({
  ...handlerFields,
  grpc: struct({ port: int.optional(), service: str.optional() }).optional(),
  initialDelaySeconds: int.optional(),
  timeoutSeconds: int.optional(),
  periodSeconds: int.optional(),
  successThreshold: int.optional(),
  failureThreshold: int.optional(),
  terminationGracePeriodSeconds: int.optional(),
});

export const lifecycleHandler = struct({
  ...handlerFields,
  sleep: struct({ seconds: int.optional() }).optional(),
});

const lifecycle = struct({
  postStart: lifecycleHandler.optional(),
  preStop: lifecycleHandler.optional(),
});

export const resourceRequirements = struct({
  limits: resourceList.optional(),
  requests: resourceList.optional(),
  claims: list(struct({ name: str.optional(), request: str.optional() })).optional(),
});

const volumeMount = struct({
  name: str.optional(),
  mountPath: str.optional(),
  subPath: str.optional(),
  subPathExpr: str.optional(),
  readOnly: bool.optional(),
  mountPropagation: str.optional(),
  recursiveReadOnly: str.optional(),
});

const volumeDevice = struct({ name: str.optional(), devicePath: str.optional() });

export const seccompProfile = struct({ type: str.optional(), localhostProfile: str.optional() });

const securityContext = struct({
  privileged: bool.optional(),
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: bool.optional(),
  readOnlyRootFilesystem: bool.optional(),
  allowPrivilegeEscalation: bool.optional(),
  procMount: str.optional(),
  capabilities: struct({ add: strList.optional(), drop: strList.optional() }).optional(),
  seccompProfile: seccompProfile.optional(),
});

export const container = struct({
  name: str.optional(),
  image: str.optional(),
  command: strList.optional(),
  args: strList.optional(),
  workingDir: str.optional(),
  ports: list(containerPort).optional(),
  envFrom: list(envFromSource).optional(),
  env: list(envVar).optional(),
  resources: resourceRequirements.optional(),
  resizePolicy: list(struct({ resourceName: str.optional(), restartPolicy: str.optional() })).optional(),
  restartPolicy: str.optional(),
  volumeMounts: list(volumeMount).optional(),
  volumeDevices: list(volumeDevice).optional(),
  livenessProbe: probe.optional(),
  readinessProbe: probe.optional(),
  startupProbe: probe.optional(),
  lifecycle: lifecycle.optional(),
  terminationMessagePath: str.optional(),
  terminationMessagePolicy: str.optional(),
  imagePullPolicy: str.optional(),
  securityContext: securityContext.optional(),
  stdin: bool.optional(),
  stdinOnce: bool.optional(),
  tty: bool.optional(),
});

export type Container = z.infer<typeof container>;
export type EnvVar = z.infer<typeof envVar>;
export type EnvFromSource = z.infer<typeof envFromSource>;
export type ContainerPort = z.infer<typeof containerPort>;
export type Probe = z.infer<typeof probe>;
export type LifecycleHandler = z.infer<typeof lifecycleHandler>;
export type HTTPGetAction = z.infer<typeof httpGetAction>;
export type ResourceRequirements = z.infer<typeof resourceRequirements>;
export type VolumeMount = z.infer<typeof volumeMount>;
export type VolumeDevice = z.infer<typeof volumeDevice>;
export type ObjectFieldSelector = z.infer<typeof objectFieldSelector>;
export type ResourceFieldSelector = z.infer<typeof resourceFieldSelector>;

import { randomBytes } from 'node:crypto';

/**
 * Compute Engine resources and error bodies as the API sends them
 * (compute/v1 REST: Operation, Instance, MachineType, the aggregated-list
 * envelope and the `{"error":{...}}` bodies), for the fake cloud to reply
 * with. Shapes follow recorded responses in public repositories (cluster
 * autoscaler's GCE tests, gcloud output in issues); ids and times are made up.
 */

export type Json = Record<string, unknown>;

const API = 'https://www.googleapis.com/compute/v1';

export function zoneUrl(project: string, zone: string): string {
  return `${API}/projects/${project}/zones/${zone}`;
}

/** GCE prints times in the API's Pacific offset, e.g. 2024-06-26T11:42:22.006-07:00. */
export function gceTimestamp(date: Date): string {
  const pacific = new Date(date.getTime() - 7 * 3600_000);
  return `${pacific.toISOString().slice(0, 23)}-07:00`;
}

export function numericId(): string {
  return (BigInt(`0x${randomBytes(8).toString('hex')}`) % 9_000_000_000_000_000_000n).toString();
}

/** operation-1536679018444-57599f70734e0-984d5118-84d4d0cd */
export function operationName(now: Date): string {
  return `operation-${now.getTime()}-${randomBytes(7).toString('hex').slice(0, 13)}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

export interface OperationFields {
  project: string;
  zone: string;
  name: string;
  operationType: 'insert' | 'delete';
  instance: string;
  targetId: string;
  user: string;
  insertTime: string;
}

/** A zone operation just accepted: RUNNING, progress 0. */
export function runningOperation(f: OperationFields): Json {
  return {
    kind: 'compute#operation',
    id: numericId(),
    name: f.name,
    zone: zoneUrl(f.project, f.zone),
    operationType: f.operationType,
    targetLink: `${zoneUrl(f.project, f.zone)}/instances/${f.instance}`,
    targetId: f.targetId,
    status: 'RUNNING',
    user: f.user,
    progress: 0,
    insertTime: f.insertTime,
    startTime: f.insertTime,
    selfLink: `${zoneUrl(f.project, f.zone)}/operations/${f.name}`,
  };
}

/** The same operation finished, with the errors and HTTP status it ended with, if any. */
export function doneOperation(running: Json, endTime: string, failure?: OperationFailure): Json {
  return {
    ...running,
    status: 'DONE',
    progress: 100,
    endTime,
    ...(failure === undefined ? {} : { error: { errors: failure.errors }, httpErrorStatusCode: failure.httpErrorStatusCode, httpErrorMessage: failure.httpErrorMessage }),
  };
}

export interface OperationFailure {
  errors: Json[];
  httpErrorStatusCode: number;
  httpErrorMessage: string;
}

/** A stockout as Compute Engine reports it on the insert operation (gcloud shows the same errorDetails). */
export function zoneResourcePoolExhausted(project: string, zone: string, vmType: string, code = 'ZONE_RESOURCE_POOL_EXHAUSTED'): OperationFailure {
  return {
    httpErrorStatusCode: 503,
    httpErrorMessage: 'SERVICE UNAVAILABLE',
    errors: [
      {
        code,
        message: `The zone 'projects/${project}/zones/${zone}' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.`,
        errorDetails: [
          { help: { links: [{ description: 'Troubleshooting documentation', url: 'https://cloud.google.com/compute/docs/resource-error' }] } },
          {
            localizedMessage: {
              locale: 'en-US',
              message: `A ${vmType} VM instance is currently unavailable in the ${zone} zone. Alternatively, you can try your request again with a different VM hardware configuration or at a later time. For more information, see the troubleshooting documentation.`,
            },
          },
          { errorInfo: { domain: 'compute.googleapis.com', metadatas: { attachment: '', vmType, zone, zonesAvailable: '' }, reason: 'resource_availability' } },
        ],
      },
    ],
  };
}

/** A regional vCPU quota hit, reported on the insert operation. */
export function quotaExceededOperation(region: string, limit: number): OperationFailure {
  return {
    httpErrorStatusCode: 403,
    httpErrorMessage: 'FORBIDDEN',
    errors: [
      {
        code: 'QUOTA_EXCEEDED',
        message: `Quota 'CPUS' exceeded.  Limit: ${limit.toFixed(1)} in region ${region}.`,
        errorDetails: [{ quotaInfo: { metricName: 'compute.googleapis.com/cpus', limitName: 'CPUS-per-project-region', dimensions: { region }, limit } }],
      },
    ],
  };
}

function errorBody(code: number, message: string, errors: Json[], status?: string): Json {
  return { error: { code, message, errors, ...(status === undefined ? {} : { status }) } };
}

/** 404 of instances.delete/get on a name the zone does not have. */
export function notFoundBody(project: string, zone: string, instance: string): Json {
  const message = `The resource 'projects/${project}/zones/${zone}/instances/${instance}' was not found`;
  return errorBody(404, message, [{ message, domain: 'global', reason: 'notFound' }]);
}

/** 403 of the per-minute API request quota (rate limit), as Compute Engine sends it. */
export function rateLimitBody(projectNumber: string): Json {
  const message = `Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'compute.googleapis.com' for consumer 'project_number:${projectNumber}'.`;
  return errorBody(403, message, [{ message, domain: 'usageLimits', reason: 'rateLimitExceeded' }], 'PERMISSION_DENIED');
}

export function tooManyRequestsBody(): Json {
  return errorBody(429, 'Rate Limit Exceeded', [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }], 'RESOURCE_EXHAUSTED');
}

/** 403 of instances.insert when the regional quota is checked up front. */
export function quotaExceededBody(region: string, limit: number): Json {
  const message = `Quota 'CPUS' exceeded.  Limit: ${limit.toFixed(1)} in region ${region}.`;
  return errorBody(403, message, [{ message, domain: 'usageLimits', reason: 'quotaExceeded' }]);
}

export function unauthenticatedBody(): Json {
  return errorBody(
    401,
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [{ message: 'Login Required.', domain: 'global', reason: 'required', location: 'Authorization', locationType: 'header' }],
    'UNAUTHENTICATED',
  );
}

export function alreadyExistsBody(project: string, zone: string, instance: string): Json {
  const message = `The resource 'projects/${project}/zones/${zone}/instances/${instance}' already exists`;
  return errorBody(409, message, [{ message, domain: 'global', reason: 'alreadyExists' }]);
}

export interface MachineTypeShape {
  name: string;
  guestCpus: number;
  memoryMb: number;
  architecture?: 'X86_64' | 'ARM64';
}

/** A MachineType of machineTypes.list. */
export function machineTypeResource(project: string, zone: string, shape: MachineTypeShape): Json {
  const gb = Math.round((shape.memoryMb / 1024) * 10) / 10;
  return {
    kind: 'compute#machineType',
    id: numericId(),
    creationTimestamp: '1969-12-31T16:00:00.000-08:00',
    name: shape.name,
    description: `${shape.guestCpus} vCPU${shape.guestCpus === 1 ? '' : 's'}, ${gb} GB RAM`,
    guestCpus: shape.guestCpus,
    memoryMb: shape.memoryMb,
    imageSpaceGb: 0,
    maximumPersistentDisks: 128,
    maximumPersistentDisksSizeGb: '263168',
    zone,
    selfLink: `${zoneUrl(project, zone)}/machineTypes/${shape.name}`,
    isSharedCpu: false,
    ...(shape.architecture === undefined ? {} : { architecture: shape.architecture }),
  };
}

export function machineTypeList(project: string, zone: string, items: Json[]): Json {
  return { kind: 'compute#machineTypeList', id: `projects/${project}/zones/${zone}/machineTypes`, items, selfLink: `${zoneUrl(project, zone)}/machineTypes` };
}

/** The aggregated-list envelope: every zone of the region, those without instances carrying NO_RESULTS_ON_PAGE. */
export function instanceAggregatedList(project: string, zones: readonly string[], byZone: ReadonlyMap<string, Json[]>): Json {
  const items: Record<string, Json> = {};
  for (const zone of zones) {
    const instances = byZone.get(zone) ?? [];
    const scope = `zones/${zone}`;
    items[scope] =
      instances.length > 0 ? { instances } : { warning: { code: 'NO_RESULTS_ON_PAGE', message: `There are no results for scope '${scope}' on this page.`, data: [{ key: 'scope', value: scope }] } };
  }
  return { kind: 'compute#instanceAggregatedList', id: `projects/${project}/aggregated/instances`, items, selfLink: `${API}/projects/${project}/aggregated/instances` };
}

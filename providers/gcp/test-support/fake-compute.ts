import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { isRecord } from '../../../core/index.ts';
import {
  alreadyExistsBody,
  doneOperation,
  gceTimestamp,
  instanceAggregatedList,
  machineTypeList,
  machineTypeResource,
  notFoundBody,
  numericId,
  operationName,
  runningOperation,
  unauthenticatedBody,
  type Json,
  type MachineTypeShape,
  type OperationFailure,
} from './compute-fixtures.ts';
import { instanceResource } from './instance-resource.ts';
import { decodeJwt, TOKEN_URI } from './service-account.ts';

/**
 * A small stateful Compute Engine on nock interceptors: the OAuth token
 * exchange at oauth2.googleapis.com, and instances insert/delete/
 * aggregatedList, machineTypes.list and zoneOperations wait/get at
 * compute.googleapis.com/compute/v1, answering as the real API does. It
 * records every request (with its parsed JSON body) for wire assertions,
 * and fails requests or operations on cue.
 */

export interface FakeComputeConfig {
  project: string;
  projectNumber?: string;
  /** the region's zones and the machine types each offers */
  machineTypes: Readonly<Record<string, readonly MachineTypeShape[]>>;
  /** the key the token exchange must be signed with */
  serviceAccount: { clientEmail: string; publicKeyPem: string };
  /** waits that still answer RUNNING before an operation is DONE */
  waitsBeforeDone?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
}

interface HttpFault {
  method: string;
  path: RegExp;
  remaining: number;
  status: number;
  body: Json;
}

interface OperationFault {
  zone: string;
  machineType: string;
  remaining: number;
  failure: OperationFailure;
}

interface PendingOperation {
  zone: string;
  resource: Json;
  waitsLeft: number;
  finish: () => OperationFailure | undefined;
}

type Reply = [number, string, Record<string, string>];

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8' };

const ROUTES = {
  instances: /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/instances$/,
  instance: /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/instances\/([^/]+)$/,
  aggregated: /^\/compute\/v1\/projects\/([^/]+)\/aggregated\/instances$/,
  machineTypes: /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/machineTypes$/,
  wait: /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/operations\/([^/]+)\/wait$/,
  operation: /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/operations\/([^/]+)$/,
};

function reply(status: number, body: Json): Reply {
  return [status, JSON.stringify(body), JSON_HEADERS];
}

function invalid(message: string): Reply {
  return reply(400, { error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'invalid' }] } });
}

export class FakeCompute {
  readonly requests: RecordedRequest[] = [];
  readonly tokenExchanges: URLSearchParams[] = [];
  readonly accessToken = `ya29.c.${randomBytes(24).toString('base64url')}`;
  private readonly instances = new Map<string, Json>();
  private readonly operations = new Map<string, PendingOperation>();
  private httpFaults: HttpFault[] = [];
  private operationFaults: OperationFault[] = [];
  private hosts = 1;

  constructor(private readonly config: FakeComputeConfig) {}

  get zones(): string[] {
    return Object.keys(this.config.machineTypes);
  }

  install(): this {
    nock('https://oauth2.googleapis.com')
      .persist()
      .post('/token')
      .reply(async (req: Request) => this.exchangeToken(await req.text()));
    for (const method of ['GET', 'POST', 'DELETE']) {
      nock('https://compute.googleapis.com')
        .persist()
        .intercept(/^\/compute\/v1\//, method)
        .reply(async (req: Request) => this.handle(req));
    }
    return this;
  }

  /** The next `times` requests of this method and path get this error instead of an answer. */
  failRequests(method: string, path: RegExp, status: number, body: Json, times = 1): void {
    this.httpFaults.push({ method, path, remaining: times, status, body });
  }

  /** The next `times` inserts of this type in this zone are accepted, and their operations end with this failure. */
  failInserts(zone: string, machineType: string, failure: OperationFailure, times = Number.POSITIVE_INFINITY): void {
    this.operationFaults.push({ zone, machineType, remaining: times, failure });
  }

  computeRequests(method?: string): RecordedRequest[] {
    return this.requests.filter((r) => method === undefined || r.method === method);
  }

  instance(zone: string, name: string): Json | undefined {
    return this.instances.get(`${zone}/${name}`);
  }

  private exchangeToken(text: string): Reply {
    const form = new URLSearchParams(text);
    this.tokenExchanges.push(form);
    if (form.get('grant_type') !== JWT_BEARER) return reply(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.get('grant_type') ?? ''}` });
    const jwt = decodeJwt(form.get('assertion') ?? '');
    const { clientEmail, publicKeyPem } = this.config.serviceAccount;
    if (jwt.claims['iss'] !== clientEmail || jwt.claims['aud'] !== TOKEN_URI || !jwt.signedBy(publicKeyPem)) {
      return reply(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    return reply(200, { access_token: this.accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  private async handle(req: Request): Promise<Reply> {
    const url = new URL(req.url);
    const text = await req.text();
    const recorded: RecordedRequest = { method: req.method, path: url.pathname, query: url.searchParams, authorization: req.headers.get('authorization'), body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    this.requests.push(recorded);
    if (recorded.authorization !== `Bearer ${this.accessToken}`) return reply(401, unauthenticatedBody());
    const fault = this.httpFaults.find((f) => f.remaining > 0 && f.method === req.method && f.path.test(url.pathname));
    if (fault !== undefined) {
      fault.remaining -= 1;
      return reply(fault.status, fault.body);
    }
    return this.route(recorded);
  }

  private route(r: RecordedRequest): Reply {
    let m: RegExpExecArray | null;
    if ((m = ROUTES.instances.exec(r.path)) && r.method === 'POST') return this.insert(m[1] ?? '', m[2] ?? '', r.body);
    if ((m = ROUTES.instance.exec(r.path)) && r.method === 'DELETE') return this.delete(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if ((m = ROUTES.instance.exec(r.path)) && r.method === 'GET') return this.get(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if ((m = ROUTES.aggregated.exec(r.path)) && r.method === 'GET') return this.aggregated(m[1] ?? '', r.query.get('filter') ?? '');
    if ((m = ROUTES.machineTypes.exec(r.path)) && r.method === 'GET') return this.listMachineTypes(m[1] ?? '', m[2] ?? '');
    if ((m = ROUTES.wait.exec(r.path)) && r.method === 'POST') return this.operation(m[1] ?? '', m[2] ?? '', m[3] ?? '', true);
    if ((m = ROUTES.operation.exec(r.path)) && r.method === 'GET') return this.operation(m[1] ?? '', m[2] ?? '', m[3] ?? '', false);
    return reply(404, { error: { code: 404, message: `The requested URL ${r.path} was not found on this server.`, errors: [{ message: 'Not Found', domain: 'global', reason: 'notFound' }] } });
  }

  private knownZone(project: string, zone: string): boolean {
    return project === this.config.project && zone in this.config.machineTypes;
  }

  private insert(project: string, zone: string, body: unknown): Reply {
    if (!this.knownZone(project, zone)) return invalid(`Invalid value for field 'zone': '${zone}'. Unknown zone.`);
    if (!isRecord(body) || typeof body['name'] !== 'string') return invalid("Invalid value for field 'resource.name': ''. Must be a match of regex '[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?'");
    const name = body['name'];
    const machineType = typeof body['machineType'] === 'string' ? body['machineType'] : '';
    const typeName = machineType.split('/').pop() ?? '';
    const offered = (this.config.machineTypes[zone] ?? []).some((t) => t.name === typeName);
    if (machineType !== `zones/${zone}/machineTypes/${typeName}` || !offered) {
      return invalid(`Invalid value for field 'resource.machineType': '${machineType}'. Machine type with name '${typeName}' does not exist in zone '${zone}'.`);
    }
    if (this.instances.has(`${zone}/${name}`)) return reply(409, alreadyExistsBody(project, zone, name));
    const now = new Date();
    const id = numericId();
    const fault = this.operationFaults.find((f) => f.remaining > 0 && f.zone === zone && f.machineType === typeName);
    if (fault !== undefined) fault.remaining -= 1;
    else this.instances.set(`${zone}/${name}`, instanceResource(body, { project, zone, id, creationTimestamp: gceTimestamp(now), status: 'PROVISIONING', hostIndex: ++this.hosts }));
    return this.startOperation(zone, runningOperation({ project, zone, name: operationName(now), operationType: 'insert', instance: name, targetId: id, user: this.config.serviceAccount.clientEmail, insertTime: gceTimestamp(now) }), () => {
      const created = this.instances.get(`${zone}/${name}`);
      if (created !== undefined) created['status'] = 'RUNNING';
      return fault?.failure;
    });
  }

  private delete(project: string, zone: string, name: string): Reply {
    const key = `${zone}/${name}`;
    const existing = this.instances.get(key);
    if (!this.knownZone(project, zone) || existing === undefined) return reply(404, notFoundBody(project, zone, name));
    existing['status'] = 'STOPPING';
    const now = new Date();
    return this.startOperation(zone, runningOperation({ project, zone, name: operationName(now), operationType: 'delete', instance: name, targetId: String(existing['id']), user: this.config.serviceAccount.clientEmail, insertTime: gceTimestamp(now) }), () => {
      this.instances.delete(key);
      return undefined;
    });
  }

  private get(project: string, zone: string, name: string): Reply {
    const existing = this.instances.get(`${zone}/${name}`);
    return existing === undefined || project !== this.config.project ? reply(404, notFoundBody(project, zone, name)) : reply(200, existing);
  }

  private startOperation(zone: string, resource: Json, finish: PendingOperation['finish']): Reply {
    this.operations.set(String(resource['name']), { zone, resource, waitsLeft: this.config.waitsBeforeDone ?? 0, finish });
    return reply(200, resource);
  }

  /** zoneOperations.wait answers DONE once the operation finished (at once, or after `waitsBeforeDone` waits). */
  private operation(project: string, zone: string, name: string, waiting: boolean): Reply {
    const pending = this.operations.get(name);
    if (pending === undefined || pending.zone !== zone || project !== this.config.project) {
      const message = `The resource 'projects/${project}/zones/${zone}/operations/${name}' was not found`;
      return reply(404, { error: { code: 404, message, errors: [{ message, domain: 'global', reason: 'notFound' }] } });
    }
    if (pending.resource['status'] !== 'DONE') {
      if (waiting && pending.waitsLeft > 0) {
        pending.waitsLeft -= 1;
        return reply(200, pending.resource);
      }
      pending.resource = doneOperation(pending.resource, gceTimestamp(new Date()), pending.finish());
    }
    return reply(200, pending.resource);
  }

  /** Only the filter form the provider sends, `labels.<key> = <value>`, is understood; anything else is refused as GCE refuses bad filters. */
  private aggregated(project: string, filter: string): Reply {
    const match = /^labels\.([a-z][a-z0-9_-]*) = ([a-z0-9_-]*)$/.exec(filter);
    if (project !== this.config.project || match === null) return invalid(`Invalid value for field 'filter': '${filter}'. Invalid list filter expression.`);
    const [, key = '', value = ''] = match;
    const byZone = new Map<string, Json[]>();
    for (const [id, instance] of this.instances) {
      const labels = instance['labels'];
      if (!isRecord(labels) || labels[key] !== value) continue;
      const zone = id.slice(0, id.indexOf('/'));
      byZone.set(zone, [...(byZone.get(zone) ?? []), instance]);
    }
    return reply(200, instanceAggregatedList(project, this.zones, byZone));
  }

  private listMachineTypes(project: string, zone: string): Reply {
    if (!this.knownZone(project, zone)) return invalid(`Invalid value for field 'zone': '${zone}'. Unknown zone.`);
    const items = (this.config.machineTypes[zone] ?? []).map((shape) => machineTypeResource(project, zone, shape));
    return reply(200, machineTypeList(project, zone, items));
  }
}

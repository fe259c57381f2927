import { randomBytes, randomUUID } from 'node:crypto';
import nock from 'nock';
import { isolateNetwork, restoreNetwork } from '../../../test/support/wire.ts';
import { Ec2Errors, type Ec2Failure } from './ec2-errors.ts';
import {
  errorResponse,
  instanceTypeXml,
  instanceXml,
  offeringXml,
  OWNER_ID,
  reservationXml,
  response,
  stateXml,
  type FakeInstance,
  type FakeInstanceType,
  type InstanceStateName,
} from './fake-ec2-xml.ts';
import { filtersOf, matchesFilter, memberList, pageOf, tagsOf } from './query-form.ts';

/**
 * A small EC2 behind nock: answers the Query-protocol POSTs the provider
 * sends to https://ec2.<region>.amazonaws.com/ (RunInstances,
 * DescribeInstances, TerminateInstances, DescribeInstanceTypes,
 * DescribeInstanceTypeOfferings) from its own state, and records every
 * request so that tests assert the exact form parameters. Failures are
 * injected per action; capacity runs out per type and zone.
 */

export interface RecordedRequest {
  action: string;
  form: URLSearchParams;
  headers: Headers;
}

export interface FakeEc2Options {
  region?: string;
  zones?: readonly string[];
  types?: readonly FakeInstanceType[];
  /** subnet id → zone */
  subnets?: Readonly<Record<string, string>>;
  /** the most items a page holds, whatever MaxResults asks */
  pageSize?: number;
}

/** Real figures (DescribeInstanceTypes) of a few common types. */
export const FAKE_TYPES: readonly FakeInstanceType[] = [
  { name: 't3.medium', vcpus: 2, memoryMiB: 4096, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 6, usageClasses: ['on-demand', 'spot'] },
  { name: 'm5.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64', maxEnis: 3, ipv4PerEni: 10, usageClasses: ['on-demand', 'spot'] },
  { name: 'm5.xlarge', vcpus: 4, memoryMiB: 16384, arch: 'x86_64', maxEnis: 4, ipv4PerEni: 15, usageClasses: ['on-demand', 'spot'] },
  { name: 'm5.metal', vcpus: 96, memoryMiB: 393216, arch: 'x86_64', maxEnis: 15, ipv4PerEni: 50, usageClasses: ['on-demand', 'spot'] },
  { name: 'c6g.large', vcpus: 2, memoryMiB: 4096, arch: 'arm64', maxEnis: 3, ipv4PerEni: 10, usageClasses: ['on-demand', 'spot'] },
];

export const FAKE_SUBNETS: Readonly<Record<string, string>> = {
  'subnet-0a1b2c3d4e5f60001': 'us-east-1a',
  'subnet-0a1b2c3d4e5f60002': 'us-east-1b',
  'subnet-0a1b2c3d4e5f60003': 'us-east-1c',
};

const LIVE: ReadonlySet<InstanceStateName> = new Set(['pending', 'running', 'stopping', 'stopped']);

export class FakeEc2 {
  readonly requests: RecordedRequest[] = [];
  readonly instances = new Map<string, FakeInstance>();
  readonly region: string;
  readonly zones: readonly string[];
  private readonly types: readonly FakeInstanceType[];
  private readonly subnets: Readonly<Record<string, string>>;
  private readonly pageSize: number;
  private readonly failures = new Map<string, Ec2Failure[]>();
  private readonly exhausted = new Set<string>();
  private addresses = 10;

  constructor(options: FakeEc2Options = {}) {
    this.region = options.region ?? 'us-east-1';
    this.zones = options.zones ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    this.types = options.types ?? FAKE_TYPES;
    this.subnets = options.subnets ?? FAKE_SUBNETS;
    this.pageSize = options.pageSize ?? 1000;
  }

  get endpoint(): string {
    return `https://ec2.${this.region}.amazonaws.com`;
  }

  /** Starts answering; nothing else may leave the machine (127.0.0.1 may, for local servers). */
  install(): this {
    isolateNetwork();
    nock(this.endpoint)
      .persist()
      .post('/')
      .reply(async (request: Request) => this.handle(request.headers, await request.text()));
    return this;
  }

  close(): void {
    restoreNetwork();
  }

  /** The next `times` requests of `action` fail with `failure`. */
  failNext(action: string, failure: Ec2Failure, times = 1): void {
    const queue = this.failures.get(action) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(action, queue);
  }

  /** RunInstances of `type` in `zone` fails with InsufficientInstanceCapacity until further notice. */
  exhaust(type: string, zone: string): void {
    this.exhausted.add(`${type}/${zone}`);
  }

  requestsFor(action: string): URLSearchParams[] {
    return this.requests.filter((r) => r.action === action).map((r) => r.form);
  }

  private handle(headers: Headers, body: string): [number, string, Record<string, string>] {
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    this.requests.push({ action, form, headers });
    const requestId = randomUUID();
    const reply = (status: number, xml: string): [number, string, Record<string, string>] => [status, xml, { 'content-type': 'text/xml;charset=UTF-8', server: 'AmazonEC2' }];
    const fail = (failure: Ec2Failure) => reply(failure.status, errorResponse(failure.code, failure.message, requestId));
    const injected = this.failures.get(action)?.shift();
    if (injected !== undefined) return fail(injected);
    if (form.get('Version') !== '2016-11-15') return fail({ status: 400, code: 'InvalidParameterValue', message: `Invalid API version: ${form.get('Version') ?? ''}` });
    const result = this.answer(action, form);
    return 'failure' in result ? fail(result.failure) : reply(200, response(action, requestId, result.body));
  }

  private answer(action: string, form: URLSearchParams): { body: string } | { failure: Ec2Failure } {
    switch (action) {
      case 'RunInstances':
        return this.runInstances(form);
      case 'DescribeInstances':
        return this.describeInstances(form);
      case 'TerminateInstances':
        return this.terminateInstances(form);
      case 'DescribeInstanceTypes':
        return this.describeInstanceTypes(form);
      case 'DescribeInstanceTypeOfferings':
        return this.describeOfferings(form);
      default:
        return { failure: { status: 400, code: 'InvalidAction', message: `The action ${action} is not valid for this web service.` } };
    }
  }

  private zonesOf(type: FakeInstanceType): readonly string[] {
    return type.zones ?? this.zones;
  }

  private runInstances(form: URLSearchParams): { body: string } | { failure: Ec2Failure } {
    if (form.get('MinCount') !== '1' || form.get('MaxCount') !== '1') return { failure: { status: 400, code: 'InvalidParameterValue', message: 'this fake launches one instance at a time' } };
    const token = form.get('ClientToken') ?? randomUUID();
    const earlier = [...this.instances.values()].find((i) => i.clientToken === token);
    if (earlier !== undefined) return { body: this.runInstancesBody(earlier) };
    const typeName = form.get('InstanceType') ?? 'm1.small';
    const type = this.types.find((t) => t.name === typeName);
    if (type === undefined) return { failure: Ec2Errors.invalidInstanceType(typeName) };
    const subnetId = form.get('SubnetId');
    let zone = form.get('Placement.AvailabilityZone') ?? this.zones[0] ?? '';
    if (subnetId !== null) {
      const subnetZone = this.subnets[subnetId];
      if (subnetZone === undefined) return { failure: Ec2Errors.subnetNotFound(subnetId) };
      zone = subnetZone;
    }
    const offeredIn = this.zonesOf(type);
    if (!offeredIn.includes(zone)) return { failure: Ec2Errors.unsupported(typeName, zone, offeredIn) };
    if (this.exhausted.has(`${typeName}/${zone}`)) return { failure: Ec2Errors.insufficientInstanceCapacity(typeName, zone, this.zones.filter((z) => z !== zone)) };
    const instance = this.launch(form, type, zone, subnetId, token);
    return { body: this.runInstancesBody(instance) };
  }

  private launch(form: URLSearchParams, type: FakeInstanceType, zone: string, subnetId: string | null, token: string): FakeInstance {
    this.addresses += 1;
    const subnet = Math.max(0, this.zones.indexOf(zone)) + 1;
    const privateIp = `10.0.${subnet}.${this.addresses % 250}`;
    const host = `ip-${privateIp.replace(/\./g, '-')}`;
    let tagIndex = 0;
    let tags = new Map<string, string>();
    for (let i = 1; form.get(`TagSpecification.${i}.ResourceType`) !== null; i++) {
      if (form.get(`TagSpecification.${i}.ResourceType`) === 'instance') tagIndex = i;
    }
    if (tagIndex > 0) tags = tagsOf(form, `TagSpecification.${tagIndex}`);
    const profileName = form.get('IamInstanceProfile.Name');
    const instance: FakeInstance = {
      id: `i-0${randomBytes(8).toString('hex')}`,
      reservationId: `r-0${randomBytes(8).toString('hex')}`,
      imageId: form.get('ImageId') ?? '',
      type: type.name,
      arch: type.arch,
      zone,
      subnetId: subnetId ?? `subnet-0default${subnet.toString().padStart(8, '0')}`,
      vpcId: 'vpc-0123456789abcdef0',
      privateIp,
      privateDnsName: this.region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${this.region}.compute.internal`,
      state: 'pending',
      launchTime: new Date(),
      spotRequestId: form.get('InstanceMarketOptions.MarketType') === 'spot' ? `sir-${randomBytes(4).toString('hex')}` : undefined,
      clientToken: token,
      tags,
      securityGroupIds: memberList(form, 'SecurityGroupId'),
      instanceProfileArn: form.get('IamInstanceProfile.Arn') ?? (profileName === null ? undefined : `arn:aws:iam::${OWNER_ID}:instance-profile/${profileName}`),
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  private runInstancesBody(instance: FakeInstance): string {
    return `<reservationId>${instance.reservationId}</reservationId>\n    <ownerId>${OWNER_ID}</ownerId>\n    <groupSet/>\n    <instancesSet>${instanceXml(instance)}</instancesSet>`;
  }

  private describeInstances(form: URLSearchParams): { body: string } | { failure: Ec2Failure } {
    const ids = memberList(form, 'InstanceId');
    const missing = ids.find((id) => !this.instances.has(id));
    if (missing !== undefined) return { failure: Ec2Errors.instanceNotFound(missing) };
    const filters = filtersOf(form);
    // Time passes between looks: what was starting runs, what was shutting down is gone.
    const matching = [...this.instances.values()].filter((instance) => {
      if (ids.length > 0 && !ids.includes(instance.id)) return false;
      for (const [name, values] of filters) {
        if (name === 'instance-state-name' && !matchesFilter(instance.state, values)) return false;
        if (name === 'instance-id' && !matchesFilter(instance.id, values)) return false;
        if (name.startsWith('tag:') && !matchesFilter(instance.tags.get(name.slice(4)) ?? '\u0000', values)) return false;
      }
      return true;
    });
    const { page, nextToken } = pageOf(matching, form, this.pageSize);
    for (const instance of this.instances.values()) this.age(instance);
    const reservations = page.map(reservationXml).join('');
    return { body: `<reservationSet>${reservations}</reservationSet>${nextToken === undefined ? '' : `<nextToken>${nextToken}</nextToken>`}` };
  }

  private age(instance: FakeInstance): void {
    if (instance.state === 'pending') instance.state = 'running';
    else if (instance.state === 'shutting-down') instance.state = 'terminated';
  }

  private terminateInstances(form: URLSearchParams): { body: string } | { failure: Ec2Failure } {
    const ids = memberList(form, 'InstanceId');
    const malformed = ids.find((id) => !/^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id));
    if (malformed !== undefined) return { failure: Ec2Errors.instanceIdMalformed(malformed) };
    const missing = ids.find((id) => !this.instances.has(id));
    if (missing !== undefined) return { failure: Ec2Errors.instanceNotFound(missing) };
    const changes = ids.map((id) => {
      const instance = this.instances.get(id);
      if (instance === undefined) return '';
      const previous = instance.state;
      if (LIVE.has(previous)) instance.state = 'shutting-down';
      return `<item><instanceId>${id}</instanceId>${stateXml('currentState', instance.state)}${stateXml('previousState', previous)}</item>`;
    });
    return { body: `<instancesSet>${changes.join('')}</instancesSet>` };
  }

  private describeInstanceTypes(form: URLSearchParams): { body: string } {
    const filters = filtersOf(form);
    const names = memberList(form, 'InstanceType');
    const matching = this.types.filter(
      (type) =>
        (names.length === 0 || names.includes(type.name)) &&
        matchesFilter(type.name, filters.get('instance-type')) &&
        matchesFilter(type.arch, filters.get('processor-info.supported-architecture')),
    );
    const { page, nextToken } = pageOf(matching, form, Math.min(this.pageSize, 100));
    return { body: `<instanceTypeSet>${page.map(instanceTypeXml).join('')}</instanceTypeSet>${nextToken === undefined ? '' : `<nextToken>${nextToken}</nextToken>`}` };
  }

  private describeOfferings(form: URLSearchParams): { body: string } | { failure: Ec2Failure } {
    if ((form.get('LocationType') ?? 'region') !== 'availability-zone') return { failure: { status: 400, code: 'InvalidParameterValue', message: 'this fake offers zones only' } };
    const filters = filtersOf(form);
    const offerings = this.types.flatMap((type) =>
      this.zonesOf(type)
        .filter((zone) => matchesFilter(zone, filters.get('location')) && matchesFilter(type.name, filters.get('instance-type')))
        .map((zone) => offeringXml(type.name, zone)),
    );
    const { page, nextToken } = pageOf(offerings, form, this.pageSize);
    return { body: `<instanceTypeOfferingSet>${page.join('')}</instanceTypeOfferingSet>${nextToken === undefined ? '' : `<nextToken>${nextToken}</nextToken>`}` };
  }
}

/**
 * EC2's answers as EC2 sends them: XML in the 2016-11-15 namespace, lists as
 * `<item>`s, element names in lower camel case, as the EC2 API reference's
 * examples show them.
 */

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const OWNER_ID = '123456789012';

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/** EC2's state codes (the low byte of InstanceState.Code) */
export const STATE_CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

export interface FakeInstanceType {
  name: string;
  vcpus: number;
  memoryMiB: number;
  arch: 'x86_64' | 'arm64';
  maxEnis: number;
  ipv4PerEni: number;
  usageClasses: ReadonlyArray<'on-demand' | 'spot'>;
  /** zones it is offered in; all the fake's zones when absent */
  zones?: readonly string[];
}

export interface FakeInstance {
  id: string;
  reservationId: string;
  imageId: string;
  type: string;
  arch: 'x86_64' | 'arm64';
  zone: string;
  subnetId: string;
  vpcId: string;
  privateIp: string;
  privateDnsName: string;
  state: InstanceStateName;
  launchTime: Date;
  spotRequestId: string | undefined;
  clientToken: string;
  tags: Map<string, string>;
  securityGroupIds: string[];
  instanceProfileArn: string | undefined;
}

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function element(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined || value === '') return `<${name}/>`;
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function items(name: string, values: readonly string[], render: (value: string) => string): string {
  return values.length === 0 ? `<${name}/>` : `<${name}>${values.map((v) => `<item>${render(v)}</item>`).join('')}</${name}>`;
}

export function response(action: string, requestId: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}">\n    <requestId>${requestId}</requestId>\n    ${body}\n</${action}Response>`;
}

/** The body of every EC2 error answer (the EC2 API reference, "Error responses"). */
export function errorResponse(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

export function stateXml(name: string, state: InstanceStateName): string {
  return `<${name}><code>${STATE_CODES[state]}</code><name>${state}</name></${name}>`;
}

export function instanceXml(instance: FakeInstance): string {
  const tags = [...instance.tags].map(([key, value]) => `<item>${element('key', key)}${element('value', value)}</item>`).join('');
  return [
    '<item>',
    element('instanceId', instance.id),
    element('imageId', instance.imageId),
    stateXml('instanceState', instance.state),
    element('privateDnsName', instance.privateDnsName),
    '<dnsName/><reason/>',
    element('amiLaunchIndex', 0),
    '<productCodes/>',
    element('instanceType', instance.type),
    element('launchTime', instance.launchTime.toISOString()),
    `<placement>${element('availabilityZone', instance.zone)}<groupName/>${element('tenancy', 'default')}</placement>`,
    `<monitoring>${element('state', 'disabled')}</monitoring>`,
    element('subnetId', instance.subnetId),
    element('vpcId', instance.vpcId),
    element('privateIpAddress', instance.privateIp),
    element('sourceDestCheck', true),
    items('groupSet', instance.securityGroupIds, (id) => `${element('groupId', id)}${element('groupName', 'kubernel-nodes')}`),
    element('architecture', instance.arch),
    element('rootDeviceType', 'ebs'),
    element('rootDeviceName', '/dev/xvda'),
    '<blockDeviceMapping/>',
    instance.spotRequestId === undefined ? '' : `${element('instanceLifecycle', 'spot')}${element('spotInstanceRequestId', instance.spotRequestId)}`,
    element('virtualizationType', 'hvm'),
    element('clientToken', instance.clientToken),
    tags === '' ? '<tagSet/>' : `<tagSet>${tags}</tagSet>`,
    element('hypervisor', 'xen'),
    '<networkInterfaceSet/>',
    instance.instanceProfileArn === undefined ? '' : `<iamInstanceProfile>${element('arn', instance.instanceProfileArn)}${element('id', 'AIPAJQABLZS4A3QDU576Q')}</iamInstanceProfile>`,
    element('ebsOptimized', false),
    element('enaSupport', true),
    `<metadataOptions>${element('state', 'applied')}${element('httpTokens', 'required')}${element('httpPutResponseHopLimit', 1)}${element('httpEndpoint', 'enabled')}</metadataOptions>`,
    '</item>',
  ].join('');
}

export function reservationXml(instance: FakeInstance): string {
  return `<item>${element('reservationId', instance.reservationId)}${element('ownerId', OWNER_ID)}<groupSet/><instancesSet>${instanceXml(instance)}</instancesSet></item>`;
}

export function instanceTypeXml(type: FakeInstanceType): string {
  const threads = type.vcpus > 1 ? 2 : 1;
  return [
    '<item>',
    element('instanceType', type.name),
    element('currentGeneration', true),
    element('freeTierEligible', false),
    items('supportedUsageClasses', type.usageClasses, (c) => xmlEscape(c)),
    items('supportedRootDeviceTypes', ['ebs'], (d) => d),
    items('supportedVirtualizationTypes', ['hvm'], (v) => v),
    element('bareMetal', type.name.endsWith('.metal')),
    element('hypervisor', type.name.endsWith('.metal') ? undefined : 'nitro'),
    `<processorInfo>${items('supportedArchitectures', [type.arch], (a) => a)}</processorInfo>`,
    `<vCpuInfo>${element('defaultVCpus', type.vcpus)}${element('defaultCores', type.vcpus / threads)}${element('defaultThreadsPerCore', threads)}</vCpuInfo>`,
    `<memoryInfo>${element('sizeInMiB', type.memoryMiB)}</memoryInfo>`,
    element('instanceStorageSupported', false),
    `<networkInfo>${element('networkPerformance', 'Up to 10 Gigabit')}${element('maximumNetworkInterfaces', type.maxEnis)}${element('maximumNetworkCards', 1)}${element('defaultNetworkCardIndex', 0)}${element('ipv4AddressesPerInterface', type.ipv4PerEni)}${element('ipv6AddressesPerInterface', type.ipv4PerEni)}${element('ipv6Supported', true)}${element('enaSupport', 'required')}${element('efaSupported', false)}</networkInfo>`,
    element('hibernationSupported', false),
    element('burstablePerformanceSupported', type.name.startsWith('t')),
    element('dedicatedHostsSupported', true),
    element('autoRecoverySupported', true),
    '</item>',
  ].join('');
}

export function offeringXml(type: string, zone: string): string {
  return `<item>${element('instanceType', type)}${element('locationType', 'availability-zone')}${element('location', zone)}</item>`;
}

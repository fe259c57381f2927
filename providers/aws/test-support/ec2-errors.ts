/**
 * Error answers as EC2 sends them, status and message included (codes and
 * messages from the EC2 API reference's error-code list and from answers
 * quoted in public issue reports). Capacity errors are server errors: EC2
 * sends InsufficientInstanceCapacity with HTTP 500.
 */
export interface Ec2Failure {
  status: number;
  code: string;
  message: string;
}

const LIMIT_HELP = 'Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.';

export const Ec2Errors = {
  requestLimitExceeded: (): Ec2Failure => ({ status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' }),
  insufficientInstanceCapacity: (type: string, zone: string, otherZones: readonly string[]): Ec2Failure => ({
    status: 500,
    code: 'InsufficientInstanceCapacity',
    message: `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or choosing ${otherZones.join(', ')}.`,
  }),
  insufficientCapacity: (): Ec2Failure => ({ status: 500, code: 'InsufficientCapacity', message: 'Insufficient capacity.' }),
  unsupported: (type: string, zone: string, otherZones: readonly string[]): Ec2Failure => ({
    status: 400,
    code: 'Unsupported',
    message: `Your requested instance type (${type}) is not supported in your requested Availability Zone (${zone}). Please retry your request by not specifying an Availability Zone or choosing ${otherZones.join(', ')}.`,
  }),
  vcpuLimitExceeded: (limit: number): Ec2Failure => ({
    status: 400,
    code: 'VcpuLimitExceeded',
    message: `You have requested more vCPU capacity than your current vCPU limit of ${limit} allows for the instance bucket that the specified instance type belongs to. ${LIMIT_HELP}`,
  }),
  instanceLimitExceeded: (requested: number, limit: number): Ec2Failure => ({
    status: 400,
    code: 'InstanceLimitExceeded',
    message: `You have requested more instances (${requested}) than your current instance limit of ${limit} allows for the specified instance type. ${LIMIT_HELP}`,
  }),
  maxSpotInstanceCountExceeded: (): Ec2Failure => ({ status: 400, code: 'MaxSpotInstanceCountExceeded', message: 'Max spot instance count exceeded' }),
  instanceNotFound: (id: string): Ec2Failure => ({ status: 400, code: 'InvalidInstanceID.NotFound', message: `The instance ID '${id}' does not exist` }),
  instanceIdMalformed: (id: string): Ec2Failure => ({ status: 400, code: 'InvalidInstanceID.Malformed', message: `Invalid id: "${id}"` }),
  subnetNotFound: (id: string): Ec2Failure => ({ status: 400, code: 'InvalidSubnetID.NotFound', message: `The subnet ID '${id}' does not exist` }),
  invalidInstanceType: (type: string): Ec2Failure => ({ status: 400, code: 'InvalidParameterValue', message: `Invalid value '${type}' for InstanceType.` }),
  unauthorized: (): Ec2Failure => ({ status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }),
  internalError: (): Ec2Failure => ({ status: 500, code: 'InternalError', message: 'An internal error has occurred' }),
} as const;

import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { AwsOptions } from './options.ts';
import { BackoffRetryStrategy } from './retry.ts';

export interface Ec2Connection {
  ec2: EC2Client;
  retry: BackoffRetryStrategy;
}

/**
 * The EC2 client of one pool: its region's endpoint (https://ec2.<region>.amazonaws.com),
 * credentials from the SDK's default chain (environment, shared config,
 * web identity, the instance's role), and the provider's retry strategy.
 * `overrides` lets tests give static credentials.
 */
export function connectEc2(options: Pick<AwsOptions, 'region' | 'retry'>, overrides: Partial<EC2ClientConfig> = {}): Ec2Connection {
  const retry = new BackoffRetryStrategy(options.retry.maxAttempts, options.retry.baseDelayMs);
  const ec2 = new EC2Client({ region: options.region, maxAttempts: options.retry.maxAttempts, retryStrategy: retry, ...overrides });
  return { ec2, retry };
}

import { definePlugin, nodeProviders, type NodeProviderFactory } from '../../core/index.ts';
import { connectEc2 } from './ec2-client.ts';
import { AWS_PROVIDER } from './launch.ts';
import { awsOptionsSchema, type AwsOptions } from './options.ts';
import { AwsNodeProvider } from './provider.ts';

/**
 * EC2 instances as nodes: a pool with `provider: aws` launches one instance
 * per node claim with RunInstances; its user data installs and starts
 * `kubernel agent`, which joins the cluster with the claim's bootstrap token.
 */
export default definePlugin({
  name: 'providers/aws',
  version: '0.1.0',
  description: 'EC2 instances as nodes: RunInstances with a boot script that joins the cluster',
  register(registrar) {
    const factory: NodeProviderFactory<AwsOptions> = {
      name: AWS_PROVIDER,
      optionsSchema: awsOptionsSchema,
      create: (options, context) =>
        new AwsNodeProvider(options, { pool: context.pool, logger: context.logger, cluster: context.cluster, connection: connectEc2(options) }),
    };
    registrar.contribute(nodeProviders, factory);
  },
});

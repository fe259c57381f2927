import { parseArgs } from 'node:util';
import { KernelError } from '../kernel/errors.ts';
import { runConfigValidate } from './commands/config-validate.ts';
import { runPlugins } from './commands/plugins.ts';
import { runUp } from './commands/up.ts';

const USAGE = `kubernel: a Kubernetes-compatible container orchestrator

Usage:
  kubernel up [--config FILE] [--data-dir DIR] [--port N]   start the all-in-one control plane
  kubernel agent --server URL --token TOKEN [--name NODE] [--runtime docker|process|auto]
                 [--config FILE] [--ca-file FILE] [--node-ip IP] [--port N] [--data-dir DIR]
                                                             run a node agent that joins the cluster
  kubernel agent --server URL --bootstrap-token ID.SECRET ...
                                                             join with a bootstrap token (TLS bootstrap)
  kubernel config validate FILE                              check a kubernel.yaml
  kubernel plugins [--config FILE]                           list the plugins a config loads
  kubernel version                                           print the version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'bootstrap-token': { type: 'string' },
      name: { type: 'string' },
      runtime: { type: 'string' },
      'ca-file': { type: 'string' },
      'node-ip': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  switch (command) {
    case 'up':
      return runUp({ config: values.config, dataDir: values['data-dir'], port: values.port });
    case 'agent': {
      const { runAgent } = await import('./commands/agent.ts');
      return runAgent({
        server: values.server,
        token: values.token,
        bootstrapToken: values['bootstrap-token'],
        name: values.name,
        runtime: values.runtime,
        config: values.config,
        caFile: values['ca-file'],
        nodeIP: values['node-ip'],
        port: values.port,
        dataDir: values['data-dir'],
      });
    }
    case 'config':
      if (positionals[0] !== 'validate' || positionals[1] === undefined) break;
      return runConfigValidate(positionals[1]);
    case 'plugins':
      return runPlugins(values.config);
    case 'version': {
      const { KUBERNEL_VERSION } = await import('./control-plane.ts');
      process.stdout.write(`kubernel ${KUBERNEL_VERSION}\n`);
      return 0;
    }
  }
  process.stderr.write(`kubernel: unknown command "${[command, ...positionals].join(' ')}"\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof KernelError) {
    process.stderr.write(`kubernel: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}

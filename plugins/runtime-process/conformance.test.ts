import pino from 'pino';
import { describeRuntimeConformance } from '../../test/conformance/runtime.conformance.ts';
import { processRuntimeFactory } from './index.ts';

// Commands run on the host: the "image" is only recorded, and the host's sh, echo, sleep and cat stand in for busybox's.
describeRuntimeConformance(
  'process',
  ({ nodeName, stateDir }) => processRuntimeFactory.create({}, { nodeName, stateDir, logger: pino({ level: 'silent' }) }),
  { image: 'kubernel/busybox:latest' },
);

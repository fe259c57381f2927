import { describeNodeProviderConformance } from '../../test/conformance/node-provider.conformance.ts';
import { awsHarness } from './test-support/harness.ts';

// The NodeProvider contract against EC2 simulated at the wire (nock): every request is the real Query-protocol POST.
describeNodeProviderConformance('aws', () => Promise.resolve(awsHarness()));

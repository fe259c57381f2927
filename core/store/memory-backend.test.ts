import { describeObjectStoreConformance } from '../../test/conformance/object-store.conformance.ts';
import { describeStoreBackendConformance } from '../../test/conformance/store-backend.conformance.ts';
import { MemoryBackend } from './memory-backend.ts';

const makeBackend = async () => ({ backend: new MemoryBackend(), cleanup: async () => {} });

describeStoreBackendConformance('memory', makeBackend);
describeObjectStoreConformance('memory', makeBackend);

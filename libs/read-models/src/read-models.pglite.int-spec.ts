import { pgliteBackend } from './testing/read-model-backend.js';
import { describeReadModels } from './testing/read-models.suite.js';

describeReadModels(pgliteBackend());

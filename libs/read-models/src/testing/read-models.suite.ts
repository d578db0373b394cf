import { describeProjections } from './projections.suite.js';
import { describeProjector } from './projector.suite.js';
import { describeQueries } from './queries.suite.js';
import type { ReadModelBackend } from './read-model-backend.js';
import { useReadModelContext } from './read-model-context.js';
import { describeRebuild } from './rebuild.suite.js';

/** The whole read-model suite on one backend; each test gets its own schema. */
export function describeReadModels(backend: ReadModelBackend): void {
  describe(`read models on ${backend.name}`, () => {
    beforeAll(() => backend.setUp(), 60_000);
    afterAll(() => backend.tearDown());
    const ctx = useReadModelContext(backend);
    describeProjections(ctx);
    describeQueries(ctx);
    describeProjector(ctx);
    describeRebuild(ctx, backend);
  });
}

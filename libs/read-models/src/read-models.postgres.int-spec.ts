import { postgresBackend, postgresReachable, DATABASE_URL } from './testing/read-model-backend.js';
import { describeReadModels } from './testing/read-models.suite.js';

// Runs when PostgreSQL answers at DATABASE_URL; REQUIRE_POSTGRES=1 (CI) makes its absence a failure.
if (await postgresReachable()) {
  describeReadModels(postgresBackend());
} else if (process.env['REQUIRE_POSTGRES'] === '1') {
  it('needs PostgreSQL', () => {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${DATABASE_URL}`);
  });
} else {
  it.skip(`read models on PostgreSQL (not reachable at ${DATABASE_URL})`, () => undefined);
}

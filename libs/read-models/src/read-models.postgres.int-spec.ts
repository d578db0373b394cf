import { postgresAvailable, TEST_DATABASE_URL } from '#event-store/testing/postgres-test-database.js';
import { postgresBackend } from './testing/read-model-backend.js';
import { describeReadModels } from './testing/read-models.suite.js';

// Runs when PostgreSQL answers at DATABASE_URL; REQUIRE_POSTGRES=1 (CI) makes its absence a failure.
if (await postgresAvailable()) {
  describeReadModels(postgresBackend());
} else {
  it.skip(`read models on PostgreSQL (not reachable at ${TEST_DATABASE_URL})`, () => undefined);
}

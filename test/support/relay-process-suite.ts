// The setup of a Kafka suite that runs the standalone relay (apps/relay) as processes on PostgreSQL:
// a schema and a topic of the suite's own, and the API on that schema with its in-process relay off,
// so that only the suite's relay processes publish.
import { dropSchema, uniqueSchema } from '#event-store/testing/postgres-test-database.js';
import type { Runtime } from '../../apps/api/src/infrastructure/runtime.js';
import { RUNTIME } from '../../apps/api/src/infrastructure/runtime.token.js';
import { killApps } from './app-process.js';
import { tailTopic, uniqueTopicPrefix, type TopicTail } from './kafka.js';
import { postgresAppEnv } from './postgres-app-env.js';
import { sendAsAccount, startTestApp, type TestApp } from './test-app.js';

export interface RelayProcessSuite {
  /** The suite's PostgreSQL schema, the API's and its relay processes'. */
  readonly schema: string;
  /** A relay process's environment (`spawnApp('relay', env)`): the suite's schema and topic, info logs. */
  readonly env: Readonly<Record<string, string>>;
  /** The API's runtime (its store on the suite's schema), from the fixture's `beforeAll` on. */
  readonly runtime: Runtime;
  /** `sendAsAccount` to the API. */
  send(method: 'POST' | 'PATCH', url: string, payload: object): ReturnType<typeof sendAsAccount>;
  /** A tail of the topic from its beginning, closed after the file. */
  tail(): Promise<TopicTail>;
}

/**
 * Call it first in the suite's `describe`: it starts the API before the tests and, after them, kills
 * the app processes, closes the tails and the API and drops the schema. `topicName` and `schemaName`
 * begin the suite's topic prefix and schema name.
 */
export function relayProcessSuite(options: {
  readonly brokers: string;
  readonly topicName: string;
  readonly schemaName: string;
}): RelayProcessSuite {
  const prefix = uniqueTopicPrefix(options.topicName);
  const topic = `${prefix}.events`;
  const schema = uniqueSchema(options.schemaName);
  const env = {
    ...postgresAppEnv(schema),
    KAFKA_BROKERS: options.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'info',
  };
  let api: TestApp;
  let runtime: Runtime;
  const tails: TopicTail[] = [];

  beforeAll(async () => {
    api = await startTestApp({ ...env, LOG_LEVEL: 'silent', RUN_RELAY: 'false' });
    runtime = api.app.get<Runtime>(RUNTIME);
  });

  afterAll(async () => {
    killApps();
    for (const tail of tails) await tail.close();
    await api?.close();
    await dropSchema(schema);
  });

  return {
    schema,
    env,
    get runtime() {
      return runtime;
    },
    send: (method, url, payload) => sendAsAccount(api, method, url, payload),
    async tail() {
      const tail = await tailTopic(options.brokers, topic);
      tails.push(tail);
      return tail;
    },
  };
}

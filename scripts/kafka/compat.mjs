// What kafkajs and a broker agree on, read through kafkajs itself: the broker's ApiVersions answer as
// kafkajs's Broker sees it, and the request versions kafkajs implements.
//
// kafkajs (2.2.4, src/protocol/requests/index.js `lookup`) sends min(its highest version, broker max)
// and never looks at the broker's MIN version. Kafka 4.0 dropped many old versions (KIP-896), so an
// API is usable only if that chosen version is >= the broker's min; that is what `ok` says.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// kafkajs has no "exports" map: its internals are reachable, and this is the only way to read them.
const Broker = require('kafkajs/src/broker/index.js');
const ConnectionPool = require('kafkajs/src/network/connectionPool.js');
const { requests } = require('kafkajs/src/protocol/requests/index.js');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys.js');
const { createLogger, LEVELS } = require('kafkajs/src/loggers/index.js');
const socketFactory = require('kafkajs/src/network/socketFactory.js');

/** The APIs a producer (idempotent), a consumer group and topic creation go through. */
export const KAFKAJS_CORE_APIS = [
  'ApiVersions',
  'Metadata',
  'CreateTopics',
  'InitProducerId',
  'Produce',
  'FindCoordinator',
  'JoinGroup',
  'SyncGroup',
  'Heartbeat',
  'OffsetCommit',
  'OffsetFetch',
  'ListOffsets',
  'Fetch',
  'LeaveGroup',
];

// kafkajs's name for FindCoordinator in its request table.
const requestName = (api) => (api === 'FindCoordinator' ? 'GroupCoordinator' : api);
const apiKeyOf = (api) => apiKeys[requestName(api)];

/**
 * Connects one kafkajs Broker to `address` ("host:port") and returns, per API:
 * { api, apiKey, brokerMin, brokerMax, kafkajsVersions, chosen, ok }.
 */
export async function kafkajsApiCompatibility(address, apis = KAFKAJS_CORE_APIS) {
  const [host, port] = address.split(':');
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => {} });
  const connectionPool = new ConnectionPool({
    host,
    port: Number(port),
    logger,
    clientId: 'roster-kafka-compat',
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    socketFactory: socketFactory(),
  });
  const broker = new Broker({ connectionPool, logger });
  await broker.connect();
  try {
    return apis.map((api) => {
      const apiKey = apiKeyOf(api);
      const kafkajsVersions = requests[requestName(api)].versions.map(Number).sort((a, b) => a - b);
      const range = broker.versions[apiKey];
      const brokerMin = range?.minVersion ?? null;
      const brokerMax = range?.maxVersion ?? null;
      const chosen = brokerMax === null ? null : Math.min(Math.max(...kafkajsVersions), brokerMax);
      const ok = chosen !== null && chosen >= brokerMin && kafkajsVersions.includes(chosen);
      return { api, apiKey, brokerMin, brokerMax, kafkajsVersions, chosen, ok };
    });
  } finally {
    await broker.disconnect();
  }
}

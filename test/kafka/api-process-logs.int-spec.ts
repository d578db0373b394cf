// The API as a real process with its in-process relay on PostgreSQL, where kafkajs runs on the
// API's own thread, on a REAL broker: the process warnings kafkajs causes go to the JSON log, so
// stderr stays empty and every line an operator collects is JSON.
import { spawnApp } from '../support/app-process.js';
import { kafkaAndPostgresGate } from '../support/kafka.js';
import { relayProcessSuite } from '../support/relay-process-suite.js';
import { ACCOUNT_KEY } from '../support/test-app.js';

const { brokers, describeWithKafka } = await kafkaAndPostgresGate();

describeWithKafka('the API process with its relay', () => {
  const suite = relayProcessSuite({ brokers: brokers!, topicName: 'api-logs', schemaName: 'api_logs' });

  it('logs process warnings as JSON, never on stderr', async () => {
    const api = spawnApp('api', {
      ...suite.env,
      ROSTER_ACCOUNT_KEY: ACCOUNT_KEY,
      PORT: '0',
      LOG_LEVEL: 'debug',
    });
    await api.waitForLog((line) => line['msg'] === 'relay caught up', 60_000);
    const tail = await suite.tail();
    // Written by the suite's API; the spawned one's relay publishes it.
    await suite.send('POST', '/v1.1/instances/', { name: 'kaedwen' });
    await tail.until((messages) => messages.length > 0, 30_000);
    // kafkajs 2.2.4 on Node ≥ 22 sets a negative timeout once: harmless, so at debug.
    const warning = await api.waitForLog((line) => line['msg'] === 'process warning', 10_000);
    expect(warning).toMatchObject({ level: 20, warning: 'TimeoutNegativeWarning', name: 'roster' });

    api.child.kill('SIGTERM');
    await api.exited;
    expect(api.stderr).toBe('');
    expect(api.logs.filter((line) => 'text' in line)).toEqual([]);
  });
});

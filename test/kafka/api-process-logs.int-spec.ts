// The API as a real process with its in-process relay on PostgreSQL, on a REAL broker: process
// warnings, the API thread's own and those kafkajs causes on the relay's producer thread, go to the
// JSON log, so stderr stays empty and every line an operator collects is JSON.
import { spawnApp } from '../support/app-process.js';
import { kafkaAndPostgresGate } from '../support/kafka.js';
import { relayProcessSuite } from '../support/relay-process-suite.js';
import { ACCOUNT_KEY } from '../support/test-app.js';

const { brokers, describeWithKafka } = await kafkaAndPostgresGate();

/** Loaded before the app: a warning on the API's thread when the test asks for one (SIGWINCH). */
const WARN_ON_SIGWINCH = `data:text/javascript,${encodeURIComponent(
  "process.on('SIGWINCH', () => process.emitWarning('asked for by the test', 'RosterTestWarning'));",
)}`;

describeWithKafka('the API process with its relay', () => {
  const suite = relayProcessSuite({ brokers: brokers!, topicName: 'api-logs', schemaName: 'api_logs' });

  it('logs process warnings as JSON, never on stderr', async () => {
    const api = spawnApp('api', {
      ...suite.env,
      ROSTER_ACCOUNT_KEY: ACCOUNT_KEY,
      PORT: '0',
      LOG_LEVEL: 'debug',
      NODE_OPTIONS: `--import=${WARN_ON_SIGWINCH}`,
    });
    await api.waitForLog((line) => line['msg'] === 'relay caught up', 60_000);
    const tail = await suite.tail();
    // Written by the suite's API; the spawned one's relay publishes it.
    await suite.send('POST', '/v1.1/instances/', { name: 'kaedwen' });
    await tail.until((messages) => messages.length > 0, 30_000);
    // kafkajs 2.2.4 on Node ≥ 22 sets a negative timeout once per thread: harmless, so at debug.
    const kafkajs = await api.waitForLog((line) => line['warning'] === 'TimeoutNegativeWarning', 10_000);
    expect(kafkajs).toMatchObject({ level: 20, msg: 'process warning', name: 'roster' });
    api.child.kill('SIGWINCH');
    const own = await api.waitForLog((line) => line['warning'] === 'RosterTestWarning', 10_000);
    expect(own).toMatchObject({ level: 40, msg: 'process warning', err: 'asked for by the test' });

    api.child.kill('SIGTERM');
    await api.exited;
    expect(api.stderr).toBe('');
    expect(api.logs.filter((line) => 'text' in line)).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import type { EventStoreCapabilities } from '../event-store-capabilities.js';
import type { EventStore } from '../event-store.port.js';
import { appendContract } from './append.contract.js';
import { concurrencyContract } from './concurrency.contract.js';
import { readContract } from './read.contract.js';
import { subscribeContract } from './subscribe.contract.js';

/** How the contract reaches an adapter. */
export interface EventStoreContractTarget {
  /** Opens a store on `schema`, creating its tables; the suite closes it. */
  open(schema: string): Promise<EventStore>;
  /** Drops a schema the suite created. */
  dropSchema(schema: string): Promise<void>;
  /**
   * What the adapter declares (its `capabilities`). Without it the suite holds the adapter to the
   * weaker promises, which every adapter keeps: `stream-window` event id dedupe.
   */
  readonly capabilities?: EventStoreCapabilities;
}

/** What each contract section gets: the test's store and schema, and a way to open more stores on it. */
export interface ContractContext {
  readonly target: EventStoreContractTarget;
  store(): EventStore;
  schema(): string;
  /** Another store on the same schema, as another process would open it; closed after the test. */
  openAnother(): Promise<EventStore>;
}

/** The contract every event store adapter passes. Each test gets a schema of its own, dropped after it. */
export function describeEventStoreContract(name: string, target: EventStoreContractTarget): void {
  describe(`${name} event store contract`, () => {
    let schema = '';
    let store: EventStore | undefined;
    let opened: EventStore[] = [];

    const context: ContractContext = {
      target,
      store: () => store!,
      schema: () => schema,
      openAnother: async () => {
        const another = await target.open(schema);
        opened.push(another);
        return another;
      },
    };

    beforeEach(async () => {
      schema = `t_${randomBytes(6).toString('hex')}`;
      opened = [];
      store = await context.openAnother();
    });

    afterEach(async () => {
      await Promise.all(opened.map((each) => each.close()));
      await target.dropSchema(schema);
    });

    appendContract(context);
    readContract(context);
    subscribeContract(context);
    concurrencyContract(context);
  });
}

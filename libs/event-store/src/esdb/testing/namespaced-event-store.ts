import { validateAppend } from '../../append-validation.js';
import { WrongExpectedVersionError } from '../../errors.js';
import type { EventStore, SubscriptionMessage } from '../../event-store.port.js';
import type { RecordedEvent } from '../../event.js';

/**
 * A store seen through a stream-name namespace: every stream it names is `${namespace}${stream}`
 * underneath, and it shows streams without the namespace. The contract suite gives each test an
 * empty store of its own (a schema on SQL); EventStoreDB has no schemas and never forgets an event,
 * so each test gets a fresh namespace on one server, and the adapter under it reads $all through that
 * namespace as its only stream prefix. Nothing of the adapter's behaviour is changed: appends are
 * validated here first only so that a name like '' or '$all' is judged as the test wrote it.
 */
export function namespacedEventStore(store: EventStore, namespace: string): EventStore {
  const outer = (event: RecordedEvent): RecordedEvent => {
    if (!event.stream.startsWith(namespace)) {
      throw new Error(`event ${event.id} of "${event.stream}" is outside the namespace "${namespace}"`);
    }
    return { ...event, stream: event.stream.slice(namespace.length) };
  };
  const outerMessage = (message: SubscriptionMessage): SubscriptionMessage =>
    message.kind === 'event' ? { kind: 'event', event: outer(message.event) } : message;

  return {
    append: async (stream, events, expected) => {
      validateAppend(stream, events, expected);
      try {
        return await store.append(`${namespace}${stream}`, events, expected);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        throw new WrongExpectedVersionError(stream, error.expected, error.actual);
      }
    },
    readStream: (stream, options) => mapIterable(store.readStream(`${namespace}${stream}`, options), outer),
    readAll: (options) => mapIterable(store.readAll(options), outer),
    subscribeAll: (options) => mapIterable(store.subscribeAll(options), outerMessage),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

async function* mapIterable<T, U>(iterable: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of iterable) yield map(item);
}

import { HEADERS, messageHeaders, type OutboundMessage } from '../envelope/cloud-event.js';

/**
 * Messages as they cross to the publisher's thread: their parts in flat arrays of strings. Cloning 500 messages as
 * objects cost the receiving thread 1.5 µs each; as arrays, 0.3 µs.
 */
export interface WireMessages {
  readonly keys: readonly string[];
  readonly values: readonly string[];
  readonly positions: readonly string[];
  readonly revisions: readonly string[];
}

export function toWireMessages(messages: readonly OutboundMessage[]): WireMessages {
  return {
    keys: messages.map((message) => message.key),
    values: messages.map((message) => message.value),
    positions: messages.map((message) => message.headers[HEADERS.position]!),
    revisions: messages.map((message) => message.headers[HEADERS.revision]!),
  };
}

export function fromWireMessages({ keys, values, positions, revisions }: WireMessages): OutboundMessage[] {
  return keys.map((key, i) => ({
    key,
    value: values[i]!,
    headers: messageHeaders(positions[i]!, revisions[i]!),
  }));
}

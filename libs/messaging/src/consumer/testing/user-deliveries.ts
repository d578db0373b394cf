import { randomUUID } from 'node:crypto';
import type { Delivery } from '../event-handlers.js';

/** Where the consumer specs' messages come from: user 7 of instance rivia. */
export const userDelivery: Delivery = {
  topic: 'roster.events',
  partition: 0,
  offset: '0',
  key: 'user-rivia-7',
  position: '1/1',
  revision: 0n,
};

/** A CloudEvent about user 7 of instance rivia, as the relay writes it on the topic. */
export const userCloudEvent = (type: string, data: object, id: string = randomUUID()): string =>
  JSON.stringify({
    specversion: '1.0',
    id,
    type,
    source: '/instances/rivia/users/7',
    subject: 'user-rivia-7',
    time: '2024-05-01T10:00:00.000000Z',
    datacontenttype: 'application/json',
    data,
  });

import { STREAM_NAME } from '@eventstore/db-client';
import {
  ACCOUNT_STREAM,
  apiKeysStream,
  groupStream,
  idsStream,
  INSTANCE_IDS_STREAM,
  instanceStream,
  loginStream,
  reservationStream,
  userStream,
} from '#domain';
import { ROSTER_STREAM_PREFIXES, StreamFilter } from './stream-filter.js';

describe('StreamFilter', () => {
  const roster = new StreamFilter();

  it('accepts every stream family libs/domain names (a new family must be added here)', () => {
    const streams = [
      ACCOUNT_STREAM,
      instanceStream('acme'),
      userStream('acme', 1),
      groupStream('acme', 2),
      loginStream('acme', 1),
      apiKeysStream('acme'),
      idsStream('acme', 'user'),
      idsStream('acme', 'group'),
      idsStream('acme', 'apikey'),
      INSTANCE_IDS_STREAM,
      reservationStream('username', 'acme', 'Ann'),
      reservationStream('email', 'acme', 'ann@example.com'),
      reservationStream('groupname', 'acme', 'admins'),
    ];
    for (const stream of streams)
      expect([stream, roster.accepts(stream, 'Anything')]).toEqual([stream, true]);
  });

  it('leaves out system streams, metadata streams, foreign streams and $ event types', () => {
    expect(roster.accepts('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(roster.accepts('$$user-acme-1', '$metadata')).toBe(false);
    expect(roster.accepts('$ce-user', '$>')).toBe(false);
    expect(roster.accepts('$scavenges', 'UserCreated')).toBe(false);
    expect(roster.accepts('orders-1', 'OrderPlaced')).toBe(false);
    expect(roster.accepts('user-acme-1', '$streamDeleted')).toBe(false);
  });

  it('says why an append would never be read back from $all', () => {
    expect(roster.unreadableProblem('user-acme-1', 'UserCreated')).toBeUndefined();
    expect(roster.unreadableProblem('orders-1', 'OrderPlaced')).toMatch(
      /"orders-1" has none of the store's prefixes/,
    );
    expect(roster.unreadableProblem('user-acme-1', '$custom')).toMatch(/"\$custom" starts with "\$"/);
  });

  it('is, server-side, one stream-name prefix filter (the 6.x client takes one filter)', () => {
    expect(roster.toSubscriptionFilter()).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: [...ROSTER_STREAM_PREFIXES],
      checkpointInterval: 1,
    });
    expect(roster.toSubscriptionFilter()).not.toHaveProperty('regex');
  });

  it('takes other prefixes (e.g. a test namespace), but never none, an empty one or a $ one', () => {
    expect(new StreamFilter(['t_1.']).accepts('t_1.s', 'Tested')).toBe(true);
    expect(new StreamFilter(['t_1.']).accepts('t_2.s', 'Tested')).toBe(false);
    expect(() => new StreamFilter([])).toThrow(RangeError);
    expect(() => new StreamFilter([''])).toThrow(RangeError);
    expect(() => new StreamFilter(['$ce-'])).toThrow(RangeError);
  });
});

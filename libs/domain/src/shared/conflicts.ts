import { DETAIL, DomainError } from './domain-error.js';

/** 409 `request.conflict`: the state the command was decided on is stale; the handler may retry. */
export const concurrentUpdate = (): DomainError =>
  new DomainError('conflict', [
    { field: DETAIL, code: 'request.conflict', message: 'Concurrent update, please retry.' },
  ]);

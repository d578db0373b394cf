import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route (API.md, "Who may do what"):
 * - `account`: the account key only;
 * - `admin`: the account key or an `ignore_acl` key of the instance;
 * - `user_create`: admin, or a key with `allow_user_create`;
 * - `any_key`: any key of the instance;
 * - `self`: admin, or any key with the `X-USER-KEY` of the user in the path's `:userId`;
 * - `user_key`: any key with a valid `X-USER-KEY`.
 */
export type AccessLevel = 'account' | 'admin' | 'user_create' | 'any_key' | 'self' | 'user_key';

export const ACCESS_LEVEL = 'roster:access';

export const Access = (level: AccessLevel) => SetMetadata(ACCESS_LEVEL, level);

/** The key a request authenticated with. */
export type Principal =
  | { readonly kind: 'account'; readonly keyId: number }
  | {
      readonly kind: 'api_key';
      readonly keyId: number;
      readonly instance: string;
      readonly allowUserCreate: boolean;
      readonly ignoreAcl: boolean;
    };

/** A user authenticated by `X-USER-KEY` in the addressed instance. */
export interface KeyUser {
  readonly id: number;
  readonly keyGeneration: number;
  readonly status: 'unverified' | 'active' | 'disabled';
}

/** What the guard established about a request; handlers read it, never the headers. */
export interface Authenticated {
  readonly principal: Principal;
  /** The addressed instance (routes under `/v1.1/instances/{name}/`), visible to the key. */
  readonly instance: string | null;
  readonly user: KeyUser | null;
  /** The account key, or an `ignore_acl` key of the instance: may do everything in it. */
  readonly isAdmin: boolean;
}

import { deriveUserKey } from './key-digest.js';

/** Derives users' keys from the server secret (the secret stays inside). */
export class UserKeys {
  constructor(private readonly secret: string) {}

  keyOf(instance: string, user: { readonly id: number; readonly keyGeneration: number }): string {
    return deriveUserKey(this.secret, instance, user.id, user.keyGeneration);
  }
}

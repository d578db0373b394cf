import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher.js';

// `Algorithm.Argon2id` is an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2;

export interface Argon2Parameters {
  readonly memoryKib: number;
  readonly passes: number;
}

/**
 * argon2id (OWASP: 19 MiB, 2 passes, 1 lane by default). @node-rs/argon2 hashes on libuv's
 * thread pool; a semaphore of one slot per core keeps a burst of sign-ups from queueing every
 * other task behind it in that pool (DNS, file I/O) and bounds memory at slots × memoryKib.
 */
export class Argon2PasswordHasher extends PasswordHasher {
  private readonly waiting: Array<() => void> = [];
  private free: number;

  constructor(
    private readonly parameters: Argon2Parameters,
    slots = availableParallelism(),
  ) {
    super();
    this.free = slots;
  }

  hash(password: string): Promise<string> {
    return this.limited(() =>
      hash(password, {
        algorithm: ARGON2ID,
        memoryCost: this.parameters.memoryKib,
        timeCost: this.parameters.passes,
        parallelism: 1,
      }),
    );
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.limited(() => verify(passwordHash, password));
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

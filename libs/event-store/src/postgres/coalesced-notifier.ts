/**
 * Sends at most one notification at a time: requests that arrive while one is in flight are
 * answered by a single follow-up. Listeners only learn "something was appended", so nothing is lost.
 */
export class CoalescedNotifier {
  readonly #send: () => Promise<unknown>;
  #inFlight: Promise<void> | undefined;
  #again = false;

  constructor(send: () => Promise<unknown>) {
    this.#send = send;
  }

  request(): void {
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = this.#run();
  }

  /** Resolves when no notification is in flight. */
  async settled(): Promise<void> {
    await this.#inFlight;
  }

  async #run(): Promise<void> {
    do {
      this.#again = false;
      // A lost notification only delays other processes' subscribers until their idle re-check.
      await this.#send().catch(() => undefined);
    } while (this.#again);
    this.#inFlight = undefined;
  }
}

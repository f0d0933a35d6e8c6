import type { RetryBudgetOptions } from './options.js';

/** A token bucket that bounds retries per client (AWS SDK "standard" retry quota). */
export class RetryBudget {
  readonly #capacity: number;
  readonly #retryCost: number;
  readonly #timeoutRetryCost: number;
  readonly #successRefill: number;
  #tokens: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.#capacity = options.capacity ?? 500;
    this.#retryCost = options.retryCost ?? 5;
    this.#timeoutRetryCost = options.timeoutRetryCost ?? 10;
    this.#successRefill = options.successRefill ?? 1;
    this.#tokens = this.#capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.#tokens;
  }

  /** Whether the bucket can pay for one retry now (nothing is taken). */
  canSpend(afterTimeout: boolean): boolean {
    return this.#tokens >= (afterTimeout ? this.#timeoutRetryCost : this.#retryCost);
  }

  /** Takes the cost of one retry; `false` (and nothing taken) when the bucket cannot pay it. */
  trySpend(afterTimeout: boolean): number | undefined {
    const cost = afterTimeout ? this.#timeoutRetryCost : this.#retryCost;
    if (this.#tokens < cost) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** A success gives back what its retries cost, or the refill when it needed none. */
  refund(spent: number): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + (spent > 0 ? spent : this.#successRefill));
  }
}

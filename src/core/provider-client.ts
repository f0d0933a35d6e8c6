import type * as z from 'zod/mini';
import type { ProviderName } from './errors.js';
import { parseInput } from './input.js';
import type { TransportOptions } from './options.js';
import { type ProviderProfile, Transport } from './transport.js';

/** What every provider's settings carry: the transport's own options, checked. */
export interface ProviderSettings {
  readonly transport: TransportOptions;
}

/**
 * How a provider's client is built, the same way for every provider (docs/providers.md):
 * options → checked by {@link optionsSchema} → {@link settings} → {@link profile} → the transport.
 */
export interface ProviderSpec<Checked extends TransportOptions, Settings extends ProviderSettings> {
  readonly provider: ProviderName;
  /** Names the constructor in the error a bad options object throws, e.g. `new DidwwClient`. */
  readonly clientName: string;
  /** The provider's options and the transport's, checked together (`clientOptionsSchema` in `lazy`). */
  optionsSchema(): z.ZodMiniType<Checked>;
  /** The checked options with defaults applied and the base URL parsed; the transport's options apart. */
  settings(options: Checked): Settings;
  /** What the transport needs to speak to the provider: base URL, headers, secrets, error reader. */
  profile(settings: Settings): ProviderProfile;
}

/**
 * Checks a client's options and builds its transport. The settings come back too, for the
 * client's resources (a default app token, lookup bounds).
 *
 * @throws {InputValidationError} for a missing or malformed option, an unknown option, or a base
 *   URL the transport refuses.
 */
export function buildProviderClient<Checked extends TransportOptions, Settings extends ProviderSettings>(
  spec: ProviderSpec<Checked, Settings>,
  options: unknown,
): { settings: Settings; transport: Transport } {
  const settings = spec.settings(parseInput(spec.optionsSchema(), options, spec.provider, spec.clientName));
  return { settings, transport: new Transport(spec.profile(settings), settings.transport) };
}

import { ClientBase } from '../core/client-base.js';
import { buildProviderClient, type ProviderSpec } from '../core/provider-client.js';
import {
  type DotsCheckedOptions,
  type DotsClientOptions,
  type DotsSettings,
  dotsOptionsSchema,
  resolveDotsSettings,
} from './client-options.js';
import { EcoClubOfferings } from './eco-club-offerings.js';
import { dotsProfile, dotsReadHeaders } from './profile.js';

// How a DotsClient is built: the same path for every provider (docs/providers.md).
const DOTS: ProviderSpec<DotsCheckedOptions, DotsSettings> = {
  provider: 'dots',
  clientName: 'DotsClient',
  optionsSchema: dotsOptionsSchema,
  settings: resolveDotsSettings,
  profile: dotsProfile,
};

/**
 * Client for the Dots.eco impact API: eco-club offerings (gift cards, redeemable impact).
 *
 * Tokens — `authToken`, `readAuthToken`, `appToken` and any per-call `appToken` — never appear in
 * an error, message, or diagnostics event. Close the client when done (`await using` works).
 *
 * @throws {InputValidationError} when `authToken` is missing, a token is malformed (blank,
 *   surrounded by spaces, with a control character, a lone surrogate, a scheme prefix or non-ASCII),
 *   `baseUrl` is not acceptable, a transport option is out of range, or an option is unknown.
 *
 * @example
 * ```ts
 * import { DotsClient, prefilledClaimUrl } from 'reservekit/dots';
 *
 * await using client = new DotsClient({ authToken: process.env.DOTS_AUTH_TOKEN!, appToken: '101-5653d113' });
 * const offering = await client.ecoClubOfferings.create({ quantity: 1, title: 'Thank you' });
 * console.log(prefilledClaimUrl(offering));
 * ```
 */
export class DotsClient extends ClientBase {
  /** Create, list and look up eco-club offerings. */
  readonly ecoClubOfferings: EcoClubOfferings;

  constructor(options: DotsClientOptions) {
    const { settings, transport } = buildProviderClient(DOTS, options);
    super(transport);
    this.ecoClubOfferings = new EcoClubOfferings({
      transport,
      readHeaders: dotsReadHeaders(settings),
      appToken: settings.appToken,
    });
  }
}

import { ClientBase } from '../core/client-base.js';
import { buildProviderClient, type ProviderSpec } from '../core/provider-client.js';
import { AvailableDids } from './available-dids.js';
import {
  type DidwwCheckedOptions,
  type DidwwClientOptions,
  type DidwwSettings,
  didwwOptionsSchema,
  resolveDidwwSettings,
} from './client-options.js';
import { Countries } from './countries.js';
import { DidReservations } from './did-reservations.js';
import { Orders } from './orders.js';
import { didwwProfile } from './profile.js';

// How a DidwwClient is built: the same path for every provider (docs/providers.md).
const DIDWW: ProviderSpec<DidwwCheckedOptions, DidwwSettings> = {
  provider: 'didww',
  clientName: 'new DidwwClient',
  optionsSchema: didwwOptionsSchema,
  settings: resolveDidwwSettings,
  profile: didwwProfile,
};

/**
 * The DIDWW API v3 client: find a country's id (`countries`), numbers in stock (`availableDids`),
 * hold them (`didReservations`) and buy them (`orders`). One client owns its sockets and its rate
 * limiter; `close()` it when done.
 *
 * Under API version 2026-11-19 and later the client mints bearer tokens from the key at `tokenUrl`,
 * one at a time, keeps them in `tokenStore`, and after a 401 mints once and resends once
 * (docs/didww.md, "Bearer tokens").
 *
 * @throws InputValidationError from the constructor for a missing or malformed `apiKey`, an
 *   `apiVersion` of 2026-11-19 or later without `tokenUrl` (or token options with an older one), an
 *   unusable `baseUrl` or `tokenUrl`, a transport option out of range, or an unknown option (a typo
 *   such as `timeOutMs`).
 * @example
 * ```ts
 * import { DidwwClient } from 'reservekit/didww';
 *
 * await using client = new DidwwClient({ apiKey: process.env.DIDWW_API_KEY!, environment: 'sandbox' });
 * const [gb] = (await client.countries.list({ filter: { iso: 'GB' } })).data;
 * const { data } = await client.availableDids.list({ filter: { countryId: gb!.id } });
 * const hold = await client.didReservations.create({ availableDidId: data[0]!.id });
 *
 * // API version 2026-11-19: bearer tokens minted from the key.
 * const latest = new DidwwClient({ apiKey, apiVersion: '2026-11-19', tokenUrl: process.env.DIDWW_TOKEN_URL! });
 * ```
 */
export class DidwwClient extends ClientBase {
  /** Holds on numbers: create, get, list, delete. */
  readonly didReservations: DidReservations;
  /** Numbers in stock: list, get. */
  readonly availableDids: AvailableDids;
  /** Countries, to find the id numbers are searched by: list, get. */
  readonly countries: Countries;
  /** Orders that buy numbers (never sent twice once DIDWW may have acted): create, get, list. */
  readonly orders: Orders;

  constructor(options: DidwwClientOptions) {
    const { settings, transport } = buildProviderClient(DIDWW, options);
    super(transport);
    const context = {
      transport,
      baseUrl: settings.baseUrl,
      apiVersion: settings.apiVersion,
      holdLookup: settings.holdLookup,
    };
    this.didReservations = new DidReservations(context);
    this.availableDids = new AvailableDids(context);
    this.countries = new Countries(context);
    this.orders = new Orders(context);
  }
}

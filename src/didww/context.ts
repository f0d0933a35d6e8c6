import type { BaseUrl } from '../core/base-url.js';
import type { Transport } from '../core/transport.js';
import type { HoldLookupSettings } from './hold-lookup.js';

/** What a DIDWW resource (`didReservations`, `availableDids`) needs from its client. */
export interface DidwwContext {
  readonly transport: Transport;
  /** The configured base URL: `links.next` is followed only below it. */
  readonly baseUrl: BaseUrl;
  readonly apiVersion: string;
  /** Bounds of a create's lookup of your holds. */
  readonly holdLookup: HoldLookupSettings;
}

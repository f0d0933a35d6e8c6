import type { ProviderBackend, RouteMatch, SimCall } from '../backend.js';
import type { SimOperation } from '../operations.js';
import { jsonResponse } from '../responses.js';
import { LIST_FIELDS, OFFERING_FIELDS } from './fields.js';
import type { DotsApp, Offering, OfferingStore } from './offerings.js';
import { checkOffering, DOTS_MESSAGES } from './validation.js';

/** Credentials, apps and unconfirmed behaviour of the simulated Dots.eco API. */
export interface DotsSimOptions {
  /** The company's (write) token, sent as `auth-token`. Default `sim-dots-auth-token`. */
  authToken?: string;
  /** A separate read-only token. When set, the list endpoint takes only it; when unset, `authToken` reads too. */
  readAuthToken?: string;
  /** The company's apps. Default: one code-only Eco Club, `sim-dots-app-token` (app id 101). */
  apps?: DotsApp[];
  /** Status of a successful add (not shown in the docs). Default 200. */
  createStatus?: number;
  /**
   * What an add with an `external_unique_id` already used does (not documented): `reject` answers
   * 422 saying it must be unique (default); `return-existing` answers the existing offering.
   */
  duplicateExternalUniqueId?: 'reject' | 'return-existing';
  /** Origin of claim URLs. Default `https://impact.dots.eco`. */
  claimBase?: string;
}

/** The Dots.eco defaults, as documented in docs/testing.md. */
export const DOTS_DEFAULTS = {
  /** See {@link DotsSimOptions.authToken}. */
  authToken: 'sim-dots-auth-token',
  /** The token of the default app. */
  appToken: 'sim-dots-app-token',
  /** The id of the default app, in its claim URLs. */
  appId: 101,
  /** See {@link DotsSimOptions.createStatus}. */
  createStatus: 200,
  /** See {@link DotsSimOptions.duplicateExternalUniqueId}. */
  duplicateExternalUniqueId: 'reject' as 'reject' | 'return-existing',
  /** See {@link DotsSimOptions.claimBase}. */
  claimBase: 'https://impact.dots.eco',
};

const ADD_PATH = '/eco-club-offering/add';
const LIST_PREFIX = '/eco-club-offering/list/';

function message(text: string, status: number): Response {
  return jsonResponse({ message: text }, { status });
}

/** The simulated Dots.eco API: `eco-club-offering/add` and `eco-club-offering/list`. */
export class DotsBackend implements ProviderBackend {
  readonly provider = 'dots' as const;
  readonly #store: OfferingStore;
  readonly #options: Omit<typeof DOTS_DEFAULTS, 'appToken' | 'appId'> & { readAuthToken: string | undefined };

  constructor(store: OfferingStore, options: DotsSimOptions = {}) {
    this.#store = store;
    this.#options = {
      authToken: options.authToken ?? DOTS_DEFAULTS.authToken,
      readAuthToken: options.readAuthToken,
      createStatus: options.createStatus ?? DOTS_DEFAULTS.createStatus,
      duplicateExternalUniqueId: options.duplicateExternalUniqueId ?? DOTS_DEFAULTS.duplicateExternalUniqueId,
      claimBase: options.claimBase ?? DOTS_DEFAULTS.claimBase,
    };
  }

  get authToken(): string {
    return this.#options.authToken;
  }

  get readAuthToken(): string {
    return this.#options.readAuthToken ?? this.#options.authToken;
  }

  route(method: string, subpath: string): RouteMatch | undefined {
    if (subpath === ADD_PATH)
      return method === 'POST' ? { operation: 'dots.createOffering', params: {} } : undefined;
    if (!subpath.startsWith(LIST_PREFIX) || method !== 'GET') return undefined;
    const [appToken, uuid, extra] = subpath.slice(LIST_PREFIX.length).split('/');
    if (!appToken || extra !== undefined) return undefined;
    const params = { appToken: decodeURIComponent(appToken) };
    return uuid
      ? { operation: 'dots.getOffering', params: { ...params, uuid: decodeURIComponent(uuid) } }
      : { operation: 'dots.listOfferings', params };
  }

  handle(call: SimCall, operation: SimOperation): Response {
    const token = call.headers.get('auth-token');
    if (!token) return message(DOTS_MESSAGES.missingToken, 403);
    const accepted = operation === 'dots.createOffering' ? this.#options.authToken : this.readAuthToken;
    if (token !== accepted) return message(DOTS_MESSAGES.accessDenied, 403);
    if (operation === 'dots.createOffering') return this.#add(call);
    const app = this.#store.app(call.params.appToken ?? '');
    // The documented answer to a bad app_token on a read (application-balance).
    if (!app) return message(DOTS_MESSAGES.invalidAppToken, 404);
    // A stale read (the `staleMs` fault) does not see the newest offerings yet.
    const offerings = this.#store.ofApp(app.appToken, call.seenUpTo);
    if (operation === 'dots.getOffering') {
      const found = offerings.find((offering) => offering.uuid === call.params.uuid);
      return found ? jsonResponse(listItem(found)) : message('The eco club offering was not found.', 404);
    }
    const uuid = call.query.get('uuid');
    const externalId = call.query.get('external-unique-id');
    return jsonResponse(
      offerings
        .filter(
          (offering) =>
            (uuid === null || offering.uuid === uuid) &&
            (externalId === null || offering.fields.external_unique_id === externalId),
        )
        .map(listItem),
    );
  }

  #add(call: SimCall): Response {
    const checked = checkOffering(call.bodyIsMalformedJson ? undefined : call.body);
    if (!checked.ok) return message(checked.message, 422);
    const app = this.#store.app(checked.appToken);
    if (!app) return message(DOTS_MESSAGES.invalidAppToken, 422);
    if (!app.ecoClub) return message(DOTS_MESSAGES.notEcoClub, 422);
    const { fields } = checked;
    if (app.codeOnly && fields.mail !== undefined) return message(DOTS_MESSAGES.noEmail, 422);
    if (!app.codeOnly && fields.mail === undefined && fields.remote_user_id === undefined)
      return message(DOTS_MESSAGES.required, 422);
    const externalId = fields.external_unique_id;
    const existing = typeof externalId === 'string' ? this.#store.byExternalId(externalId) : undefined;
    if (existing) {
      if (this.#options.duplicateExternalUniqueId === 'reject')
        return message(DOTS_MESSAGES.duplicateExternalId, 422);
      return jsonResponse(createdBody(existing), { status: this.#options.createStatus });
    }
    if (typeof fields.code === 'string' && this.#store.byCode(fields.code))
      return message(DOTS_MESSAGES.duplicateCode, 422);
    const offering = this.#store.create(app, fields);
    return jsonResponse(createdBody(offering), { status: this.#options.createStatus });
  }

  errorResponse(status: number): Response {
    if (status === 401 || status === 403) return message(DOTS_MESSAGES.accessDenied, status);
    if (status === 404) return message(DOTS_MESSAGES.invalidAppToken, status);
    if (status === 422) return message(DOTS_MESSAGES.entity, status);
    if (status === 429) return message('Too Many Requests', status);
    return message(status >= 500 ? 'Internal server error' : `HTTP ${status}`, status);
  }

  unknownPath(call: SimCall): Response {
    return message(`No route found for "${call.method} ${call.url.pathname}"`, 404);
  }
}

/** The add answer: the offering with the fields it was given (docs' success example). */
function createdBody(offering: Offering): Record<string, unknown> {
  const out: Record<string, unknown> = { uuid: offering.uuid };
  for (const field of OFFERING_FIELDS) {
    if (field === 'langcode' || field === 'currency') continue;
    const value = offering.fields[field];
    if (field === 'external_unique_id') out.claim_url = offering.fields.claim_url;
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** A list item: every documented field, `quantity` as a string as in the docs' example. */
function listItem(offering: Offering): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of LIST_FIELDS) {
    if (field === 'uuid') out.uuid = offering.uuid;
    else if (field === 'no_of_claims') out.no_of_claims = offering.claims;
    else if (field === 'quantity') out.quantity = String(offering.fields.quantity);
    else out[field] = offering.fields[field] ?? null;
  }
  return out;
}

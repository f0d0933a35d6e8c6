/** The API version reservekit is written against and sends by default (`X-DIDWW-API-Version`). */
export const DEFAULT_DIDWW_API_VERSION = '2026-04-16';

/**
 * From this version DIDWW refuses the `Api-Key` header with 401 and wants short-lived bearer tokens
 * from its token service (doc.didww.com/api3/2026-11-19/authentication.md): the client mints them
 * at `tokenUrl`.
 */
export const BEARER_TOKEN_API_VERSION = '2026-11-19';

/** Whether a version authenticates API calls with bearer tokens instead of `Api-Key`. */
export function usesBearerTokens(apiVersion: string): boolean {
  return apiVersion >= BEARER_TOKEN_API_VERSION;
}

// Versions up to 2022-05-10 name the hold's end `expire_at`; 2026-04-16 renamed it `expires_at`.
const LAST_EXPIRE_AT_VERSION = '2022-05-10';

/** Whether a version (`YYYY-MM-DD`, so string order is date order) still says `expire_at`. */
export function usesExpireAt(apiVersion: string): boolean {
  return apiVersion <= LAST_EXPIRE_AT_VERSION;
}

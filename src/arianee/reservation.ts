/**
 * How `reserveOne` returns the reserved passport (the NMP's `format` query parameter):
 * - `link`: the claim link as text, `https://<host>/<certificateId>,<passphrase>`;
 * - `linkObject`: the link and its parts as an object ({@link ArianeeLinkObject});
 * - `content`: the passport's content object, whose shape the NMP docs do not show ({@link ArianeeContent}).
 */
export type ArianeeFormat = 'link' | 'linkObject' | 'content';

/** The claim deeplink of a reserved passport. */
export interface ArianeeDeeplink {
  /** The passport's id on the Arianee protocol, e.g. `440105186`. */
  certificateId: number;
  /** Secret: whoever holds it can claim the passport. */
  passphrase: string;
  /** `https://<host>/<certificateId>,<passphrase>`, e.g. `https://test.arianee.net/440105186,v6lsj4vhg5dx`. */
  link: string;
}

/** A reserved passport in the `linkObject` format (already camelCase on the wire). */
export interface ArianeeLinkObject {
  /** What the link asks the wallet to do; `requestOwnership` in the docs. */
  method: string;
  /** The passport's id on the Arianee protocol (a digit string on the wire is read as a number). */
  certificateId: number;
  /** Secret: whoever holds it can claim the passport. Never log it. */
  passphrase: string;
  /** The claim link and its parts (also when the NMP sent the link as a bare string). */
  deeplink: ArianeeDeeplink;
}

/**
 * A reserved passport in the `content` format. The NMP docs name this format but show neither an
 * example nor a schema, so it is kept open: a JSON object, checked to be one, nothing more.
 */
export type ArianeeContent = Record<string, unknown>;

/** The result type of each {@link ArianeeFormat}. */
export interface ArianeeReservationByFormat {
  /** The claim link as text, e.g. `https://test.arianee.net/440105186,v6lsj4vhg5dx`. */
  link: string;
  /** The link and its parts. */
  linkObject: ArianeeLinkObject;
  /** The passport's content, an open JSON object. */
  content: ArianeeContent;
}

/** What `reserveOne` resolves to for format `F`. */
export type ArianeeReservation<F extends ArianeeFormat = ArianeeFormat> = ArianeeReservationByFormat[F];

/** Which provider a simulated endpoint belongs to. */
export type SimProvider = 'arianee' | 'didww' | 'dots';

/**
 * Every endpoint the simulator answers, named `provider.operation`. Fault injection and the
 * request log use these names.
 */
export type SimOperation =
  | 'arianee.reserveOne'
  | 'didww.mintToken'
  | 'didww.createReservation'
  | 'didww.listReservations'
  | 'didww.getReservation'
  | 'didww.deleteReservation'
  | 'didww.listAvailableDids'
  | 'didww.getAvailableDid'
  | 'didww.listCountries'
  | 'didww.getCountry'
  | 'didww.createOrder'
  | 'didww.listOrders'
  | 'didww.getOrder'
  | 'dots.createOffering'
  | 'dots.listOfferings'
  | 'dots.getOffering';

/** A request to a path the provider does not have. It is logged under this name. */
export const UNKNOWN_OPERATION = 'unknown';

/** Every operation of the simulator, in a stable order. */
export const SIM_OPERATIONS: readonly SimOperation[] = [
  'arianee.reserveOne',
  'didww.mintToken',
  'didww.createReservation',
  'didww.listReservations',
  'didww.getReservation',
  'didww.deleteReservation',
  'didww.listAvailableDids',
  'didww.getAvailableDid',
  'didww.listCountries',
  'didww.getCountry',
  'didww.createOrder',
  'didww.listOrders',
  'didww.getOrder',
  'dots.createOffering',
  'dots.listOfferings',
  'dots.getOffering',
];

/**
 * The operations that only read: a `staleMs` fault makes these lag. `arianee.reserveOne` is a GET
 * but takes a passport, so it is not one of them.
 */
export const READ_OPERATIONS: ReadonlySet<SimOperation> = new Set<SimOperation>([
  'didww.listReservations',
  'didww.getReservation',
  'didww.listAvailableDids',
  'didww.getAvailableDid',
  'didww.listCountries',
  'didww.getCountry',
  'didww.listOrders',
  'didww.getOrder',
  'dots.listOfferings',
  'dots.getOffering',
]);

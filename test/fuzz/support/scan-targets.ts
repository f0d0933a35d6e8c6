import fc from 'fast-check';
import type { TransportHooks } from 'reservekit';
import { ArianeeClient, type ArianeeFormat, type ArianeeReserveManyResult } from 'reservekit/arianee';
import { DidwwClient } from 'reservekit/didww';
import { DotsClient } from 'reservekit/dots';
import type { Simulator } from 'reservekit/testing';
import { COUNTRY_ID, fresh } from './clients.js';
import { type Driven, type ScanTarget, settled } from './scan.js';
import { SCAN_CLIENT } from './scan-faults.js';
import { PLANTED, planted, type Secret } from './secrets.js';
import type { Wire } from './wire.js';

// The public methods the secret scan drives, each with the planted secrets it is given and the
// simulator state it needs. Shared by the per-provider scans and the request-log scan.

/** Any scan target, whatever its client and choices. */
// biome-ignore lint/suspicious/noExplicitAny: a list of targets of different client types.
export type AnyScanTarget = ScanTarget<any, any, any>;

function passphrases(sim: Simulator): Secret[] {
  return sim.arianee.passports().map((passport) => ({
    name: `passphrase of passport ${passport.certificateId}`,
    value: passport.passphrase,
  }));
}

export function arianeeTargets(wire: Wire): AnyScanTarget[] {
  const client = (hooks: TransportHooks) =>
    new ArianeeClient({ baseUrl: wire.urls.arianee, apiKey: PLANTED.arianeeApiKey, hooks, ...SCAN_CLIENT });
  const common = {
    provider: 'arianee' as const,
    operation: 'arianee.reserveOne' as const,
    choices: fc.constantFrom<ArianeeFormat>('link', 'linkObject', 'content'),
    secrets: () => ({ known: planted('arianeeApiKey'), answered: planted('arianeePassphrase') }),
    simulatorSecrets: passphrases,
    client,
    prepare: (sim: Simulator) => {
      sim.arianee.addPassports('vip', 3);
    },
  };
  return [
    {
      ...common,
      name: 'arianee.reserveOne',
      drive: (arianee: ArianeeClient, _context: unknown, format: ArianeeFormat) =>
        settled('reserveOne', arianee.reserveOne({ tags: 'vip', format }).withMeta()),
    },
    {
      ...common,
      name: 'arianee.reserveMany',
      drive: async (arianee: ArianeeClient, _context: unknown, format: ArianeeFormat): Promise<Driven> => {
        let batch: ArianeeReserveManyResult<unknown>;
        try {
          batch = await arianee.reserveMany({
            tags: 'vip',
            count: 2,
            format,
            concurrency: 1,
            maxFailures: 3,
          });
        } catch (error) {
          return { errors: [['reserveMany error', error]], values: [] };
        }
        const errors: Driven['errors'] = batch.failed.map((failure, i) => [
          `reserveMany failed[${i}].error`,
          failure.error,
        ]);
        if (batch.stoppedBy) errors.push(['reserveMany stoppedBy', batch.stoppedBy]);
        return { errors, values: [] };
      },
    },
  ];
}

const HOLD_DESCRIPTION = 'order-scan';

export function didwwTargets(wire: Wire): AnyScanTarget[] {
  const client = (hooks: TransportHooks = {}, timing: Partial<typeof SCAN_CLIENT> = {}) =>
    new DidwwClient({
      apiKey: PLANTED.didwwApiKey,
      baseUrl: wire.urls.didww,
      rateLimit: false,
      hooks,
      ...SCAN_CLIENT,
      ...timing,
    });
  const secrets = () => ({ known: planted('didwwApiKey'), answered: [] });
  /** A number in stock and, when asked, a hold of ours on another one. */
  const stock = async (sim: Simulator, withHold: boolean) => {
    const [free, held] = sim.didww.addAvailableDids({ countryId: COUNTRY_ID, count: 2 });
    let holdId = '8bc37f63-acd7-4e43-a760-1a1caa6e4683';
    if (withHold) {
      // The setup is not scanned: it gets a timeout a loaded machine cannot miss.
      await using setup = client({}, { timeoutMs: 10_000, totalTimeoutMs: 20_000 });
      holdId = (await setup.didReservations.create({ availableDidId: held?.id as string })).id;
    }
    return { availableDidId: free?.id as string, holdId };
  };
  type Stock = Awaited<ReturnType<typeof stock>>;
  const base = { provider: 'didww' as const, choices: fc.constant(undefined), secrets, client };
  return [
    {
      ...base,
      name: 'didww.availableDids.list',
      operation: 'didww.listAvailableDids',
      prepare: (sim: Simulator) => stock(sim, false),
      drive: (didww: DidwwClient) =>
        settled(
          'availableDids.list',
          didww.availableDids.list({ filter: { countryId: COUNTRY_ID } }).withMeta(),
        ),
    },
    {
      ...base,
      name: 'didww.availableDids.get',
      operation: 'didww.getAvailableDid',
      prepare: (sim: Simulator) => stock(sim, false),
      drive: (didww: DidwwClient, { availableDidId }: Stock) =>
        settled('availableDids.get', didww.availableDids.get(availableDidId).withMeta()),
    },
    {
      ...base,
      name: 'didww.didReservations.create',
      operation: 'didww.createReservation',
      lookup: 'didww.listReservations',
      prepare: (sim: Simulator) => stock(sim, false),
      drive: (didww: DidwwClient, { availableDidId }: Stock) =>
        settled(
          'didReservations.create',
          didww.didReservations.create({ availableDidId, description: fresh(HOLD_DESCRIPTION) }).withMeta(),
        ),
    },
    {
      ...base,
      name: 'didww.didReservations.get',
      operation: 'didww.getReservation',
      prepare: (sim: Simulator) => stock(sim, true),
      drive: (didww: DidwwClient, { holdId }: Stock) =>
        settled('didReservations.get', didww.didReservations.get(holdId).withMeta()),
    },
    {
      ...base,
      name: 'didww.didReservations.list',
      operation: 'didww.listReservations',
      prepare: (sim: Simulator) => stock(sim, true),
      // Every page, as `for await` reads them: following links.next is where it can go wrong.
      drive: async (didww: DidwwClient): Promise<Driven> => {
        const driven: Driven = { errors: [], values: [] };
        try {
          const { data: first, meta } = await didww.didReservations.list({ page: { size: 1 } }).withMeta();
          driven.values.push(['didReservations.list meta', meta]);
          let page = first;
          for (let pages = 1; page.hasNextPage() && pages < 4; pages += 1) {
            const next = await page.getNextPage();
            if (!next) break;
            page = next;
          }
        } catch (error) {
          driven.errors.push(['didReservations.list error', error]);
        }
        return driven;
      },
    },
    {
      ...base,
      name: 'didww.didReservations.delete',
      operation: 'didww.deleteReservation',
      prepare: (sim: Simulator) => stock(sim, true),
      drive: (didww: DidwwClient, { holdId }: Stock) =>
        settled('didReservations.delete', didww.didReservations.delete(holdId).withMeta()),
    },
  ];
}

/** Which redeem code a Dots.eco create carries. */
export type CodeChoice = 'long code' | 'short code' | 'no code';

function codeOf(choice: CodeChoice): string | undefined {
  return choice === 'long code'
    ? PLANTED.dotsCode
    : choice === 'short code'
      ? PLANTED.dotsShortCode
      : undefined;
}

export function dotsTargets(wire: Wire): AnyScanTarget[] {
  const client = (hooks: TransportHooks) =>
    new DotsClient({
      authToken: PLANTED.dotsAuthToken,
      readAuthToken: PLANTED.dotsReadToken,
      appToken: PLANTED.dotsAppToken,
      baseUrl: wire.urls.dots,
      hooks,
      ...SCAN_CLIENT,
    });
  const credentials = planted('dotsAuthToken', 'dotsReadToken', 'dotsAppToken');
  const secrets = (choice: CodeChoice) => {
    const code = codeOf(choice);
    const own =
      code === undefined
        ? []
        : [{ name: choice === 'long code' ? 'dotsCode' : 'dotsShortCode', value: code }];
    return { known: [...credentials, ...own], answered: own.length > 0 ? own : planted('dotsCode') };
  };
  // Codes the simulator made up for offerings created without one: redeem codes all the same.
  const generatedCodes = (sim: Simulator): Secret[] =>
    sim.dots
      .offerings()
      .map((offering) => ({ name: `code of offering ${offering.uuid}`, value: offering.code }));
  const base = {
    provider: 'dots' as const,
    choices: fc.constantFrom<CodeChoice>('long code', 'short code', 'no code'),
    secrets,
    simulatorSecrets: generatedCodes,
    client,
    prepare: () => ({ externalUniqueId: fresh('order') }),
  };
  // Reads are given no redeem code: their answers carry codes, their requests do not.
  const reads = {
    choices: fc.constant<CodeChoice>('no code'),
    secrets: () => ({ known: credentials, answered: planted('dotsCode') }),
  };
  const create = (externalUniqueId: string, choice: CodeChoice) => {
    const code = codeOf(choice);
    return { quantity: 1, title: 'Gift', externalUniqueId, ...(code === undefined ? {} : { code }) };
  };
  return [
    {
      ...base,
      name: 'dots.ecoClubOfferings.create',
      operation: 'dots.createOffering',
      lookup: 'dots.listOfferings',
      drive: (dots: DotsClient, { externalUniqueId }: { externalUniqueId: string }, choice: CodeChoice) =>
        settled('create', dots.ecoClubOfferings.create(create(externalUniqueId, choice)).withMeta()),
    },
    {
      ...base,
      name: 'dots.ecoClubOfferings.createOrGet',
      operation: 'dots.createOffering',
      lookup: 'dots.listOfferings',
      drive: (dots: DotsClient, { externalUniqueId }: { externalUniqueId: string }, choice: CodeChoice) =>
        settled(
          'createOrGet',
          dots.ecoClubOfferings.createOrGet(create(externalUniqueId, choice)).withMeta(),
        ),
    },
    {
      ...base,
      ...reads,
      name: 'dots.ecoClubOfferings.list',
      operation: 'dots.listOfferings',
      drive: (dots: DotsClient, { externalUniqueId }: { externalUniqueId: string }) =>
        settled('list', dots.ecoClubOfferings.list({ externalUniqueId }).withMeta()),
    },
    {
      ...base,
      ...reads,
      name: 'dots.ecoClubOfferings.findByExternalUniqueId',
      operation: 'dots.listOfferings',
      drive: (dots: DotsClient, { externalUniqueId }: { externalUniqueId: string }) =>
        settled(
          'findByExternalUniqueId',
          dots.ecoClubOfferings.findByExternalUniqueId(externalUniqueId).withMeta(),
        ),
    },
  ];
}

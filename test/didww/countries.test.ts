import { InputValidationError, NotFoundError } from 'reservekit';
import { DidwwClient } from 'reservekit/didww';
import { createSimulator, type Simulator } from 'reservekit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { SIM_ROUTES, simTargets, useSimulator } from '../support/simulator.js';

// countries.list / countries.get against the simulator's country table, over both routes.
const sim: Simulator = createSimulator();
const base = useSimulator(sim);
const open: DidwwClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

const sent = (operation: string) => sim.requests.filter((request) => request.operation === operation);
const GB_ID = 'c0a1d000-0000-4000-8000-000000000826';

describe.each(SIM_ROUTES)('over %s', (route) => {
  const target = simTargets(sim, base, route);
  function client(): DidwwClient {
    const didww = new DidwwClient({
      ...target.didww(),
      apiKey: sim.credentials.didww.apiKey,
      rateLimit: false,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    open.push(didww);
    return didww;
  }

  it('finds a country by ISO code, sent in upper case, with the simulator’s stable id', async () => {
    const { data, meta } = await client().countries.list({ filter: { iso: 'gb' } });
    expect(data).toEqual([{ id: GB_ID, name: 'United Kingdom', prefix: '44', iso: 'GB' }]);
    expect(meta.apiVersion).toBe('2026-04-16');
    expect(sent('didww.listCountries')[0]?.query).toEqual({ 'filter[iso]': 'GB' });
  });

  it('the quick start: from an ISO code to numbers in stock', async () => {
    sim.didww.addAvailableDids({ countryIso: 'GB', count: 2 });
    sim.didww.addAvailableDids({ countryIso: 'FR', count: 3 });
    const didww = client();
    const [gb] = (await didww.countries.list({ filter: { iso: 'GB' } })).data;
    const { data } = await didww.availableDids.list({ filter: { countryId: gb?.id ?? '' } });
    expect(data).toHaveLength(2);
  });

  it('filters by dialling prefix, name and id lists ("any of")', async () => {
    const didww = client();
    const byPrefix = await didww.countries.list({ filter: { prefix: '1' } });
    expect(byPrefix.data.map((country) => country.iso).sort()).toEqual(['CA', 'US']);
    const byName = await didww.countries.list({ filter: { name: ['Germany', 'Ireland'] } });
    expect(byName.data.map((country) => country.iso).sort()).toEqual(['DE', 'IE']);
    const ids = sim.didww
      .countries()
      .slice(0, 3)
      .map((country) => country.id);
    const byId = await didww.countries.list({ filter: { id: ids } });
    expect(byId.data.map((country) => country.id)).toEqual(ids);
    expect(sent('didww.listCountries')[1]?.query).toEqual({ 'filter[name]': 'Germany,Ireland' });
  });

  it('lists every country without filters, including one a test added', async () => {
    const portugal = sim.didww.addCountry({ iso: 'pt', name: 'Portugal', prefix: '351' });
    expect(portugal).toMatchObject({ iso: 'PT', name: 'Portugal', prefix: '351' });
    const { data } = await client().countries.list();
    expect(data).toHaveLength(sim.didww.countries().length);
    expect(data).toContainEqual({ id: portugal.id, name: 'Portugal', prefix: '351', iso: 'PT' });
  });

  it('gets one country by id; an unknown id is a NotFoundError', async () => {
    const didww = client();
    await expect(didww.countries.get(GB_ID)).resolves.toEqual({
      id: GB_ID,
      name: 'United Kingdom',
      prefix: '44',
      iso: 'GB',
    });
    const error = await failure(didww.countries.get('8bc37f63-acd7-4e43-a760-1a1caa6e4683'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ operation: 'didww.countries.get', outcome: 'rejected' });
  });

  it('is a read: a 503 is retried', async () => {
    sim.faults.next('didww.listCountries', { status: 503 });
    const { data, meta } = await client()
      .countries.list({ filter: { iso: 'DE' } })
      .withMeta();
    expect(data.data[0]?.prefix).toBe('49');
    expect(meta.attempts).toBe(2);
  });

  it.each([
    ['an ISO code of three letters', { filter: { iso: 'GBR' } }, 'filter.iso'],
    ['an ISO code with a digit', { filter: { iso: ['GB', 'G1'] } }, 'filter.iso'],
    ['a prefix with +', { filter: { prefix: '+44' } }, 'filter.prefix'],
    ['a name with a comma', { filter: { name: 'Korea, Republic of' } }, 'filter.name'],
    ['an id that is not a UUID', { filter: { id: 'GB' } }, 'filter.id'],
    ['an unknown filter', { filter: { countryCode: 'GB' } }, 'filter'],
    ['an empty list', { filter: { iso: [] } }, 'filter.iso'],
  ])('refuses %s before anything is sent', async (_name, params, path) => {
    const error = await failure(client().countries.list(params as never));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ outcome: 'not_sent', attempts: 0 });
    expect((error as InputValidationError).issues.map((issue) => issue.path.join('.'))).toContainEqual(
      expect.stringContaining(path),
    );
    expect(sim.requests).toHaveLength(0);
  });

  it('refuses an ISO code given to get() instead of an id, before anything is sent', async () => {
    const error = await failure(client().countries.get('GB'));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.message).toContain('UUID');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('the simulator’s countries', () => {
  it('has ten built-in countries whose ids never change', () => {
    const countries = createSimulator().didww.countries();
    expect(countries.map((country) => country.iso)).toEqual([
      'AU',
      'CA',
      'DE',
      'ES',
      'FR',
      'GB',
      'IE',
      'IT',
      'NL',
      'US',
    ]);
    expect(countries.find((country) => country.iso === 'GB')?.id).toBe(GB_ID);
  });

  it('stocks numbers by countryIso (either case) as under that country’s id', () => {
    const [did] = sim.didww.addAvailableDids({ countryIso: 'us', count: 1 });
    const us = sim.didww.countries().find((country) => country.iso === 'US');
    expect(did?.countryId).toBe(us?.id);
  });

  it('keeps accepting any string as a countryId', () => {
    expect(sim.didww.addAvailableDids({ countryId: 'gb', count: 1 })[0]?.countryId).toBe('gb');
  });

  it.each([
    ['both', { countryId: GB_ID, countryIso: 'GB', count: 1 }, /exactly one of countryId and countryIso/],
    ['neither', { count: 1 }, /exactly one of countryId and countryIso/],
    ['an unknown ISO code', { countryIso: 'ZZ', count: 1 }, /no country with ISO code ZZ/],
  ])('addAvailableDids with %s is a RangeError', (_name, options, message) => {
    expect(() => sim.didww.addAvailableDids(options)).toThrow(RangeError);
    expect(() => sim.didww.addAvailableDids(options)).toThrow(message);
  });

  it('refuses a country twice, a bad ISO code or prefix; clear() forgets added countries', () => {
    sim.didww.addCountry({ iso: 'PT', name: 'Portugal', prefix: '351' });
    expect(() => sim.didww.addCountry({ iso: 'pt', name: 'Portugal', prefix: '351' })).toThrow(/already/);
    expect(() => sim.didww.addCountry({ iso: 'PRT', name: 'Portugal', prefix: '351' })).toThrow(RangeError);
    expect(() => sim.didww.addCountry({ iso: 'PT', name: 'Portugal', prefix: '+351' })).toThrow(RangeError);
    sim.clear();
    expect(sim.didww.countries().some((country) => country.iso === 'PT')).toBe(false);
  });
});

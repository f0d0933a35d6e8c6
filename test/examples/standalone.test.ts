import { describe, expect, it } from 'vitest';
import {
  createProgressBar,
  environmentFor,
  formatSummaryTable,
  SIMULATED,
  startExampleEnv,
} from '../../examples/support/standalone.js';

describe('environmentFor', () => {
  it('is undefined when none of the provider variables is set (the simulator is used)', () => {
    expect(environmentFor('arianee', {})).toBeUndefined();
    expect(environmentFor('didww', { RESERVEKIT_DIDWW_API_KEY: '  ' })).toBeUndefined();
  });

  it('reads each provider from its variables, with documented defaults', () => {
    expect(
      environmentFor('arianee', {
        RESERVEKIT_ARIANEE_BASE_URL: 'https://brand.nmp.example',
        RESERVEKIT_ARIANEE_API_KEY: 'k',
      }),
    ).toEqual({ baseUrl: 'https://brand.nmp.example', apiKey: 'k', tag: 'vip' });
    expect(
      environmentFor('didww', {
        RESERVEKIT_DIDWW_API_KEY: 'k',
        RESERVEKIT_DIDWW_ENV: 'production',
      }),
    ).toEqual({
      baseUrl: 'https://api.didww.com/v3',
      apiKey: 'k',
      environment: 'production',
      countryIso: 'GB',
      tokenUrl: undefined,
    });
    expect(
      environmentFor('didww', {
        RESERVEKIT_DIDWW_API_KEY: 'k',
        RESERVEKIT_DIDWW_COUNTRY_ISO: 'FR',
        RESERVEKIT_DIDWW_TOKEN_URL: 'https://token.example/token',
      }),
    ).toMatchObject({ environment: 'sandbox', countryIso: 'FR', tokenUrl: 'https://token.example/token' });
    expect(
      environmentFor('dots', { RESERVEKIT_DOTS_AUTH_TOKEN: 't', RESERVEKIT_DOTS_APP_TOKEN: 'a' }),
    ).toEqual({
      baseUrl: 'https://impact.dots.eco/api/v1',
      authToken: 't',
      appToken: 'a',
    });
  });

  it('refuses a half-configured provider, naming what is missing', () => {
    expect(() => environmentFor('dots', { RESERVEKIT_DOTS_AUTH_TOKEN: 't' })).toThrow(
      /RESERVEKIT_DOTS_APP_TOKEN/,
    );
    expect(() => environmentFor('didww', { RESERVEKIT_DIDWW_TOKEN_URL: 'https://t.example/token' })).toThrow(
      /RESERVEKIT_DIDWW_API_KEY/,
    );
    expect(() =>
      environmentFor('didww', {
        RESERVEKIT_DIDWW_API_KEY: 'k',
        RESERVEKIT_DIDWW_ENV: 'staging',
      }),
    ).toThrow(/sandbox or production/);
  });
});

describe('startExampleEnv', () => {
  it('simulates the providers that have no variables, seeded for the examples', async () => {
    const started = await startExampleEnv({
      variables: { RESERVEKIT_DOTS_AUTH_TOKEN: 't', RESERVEKIT_DOTS_APP_TOKEN: 'a' },
      log: () => undefined,
    });
    try {
      expect(started.sources).toEqual({ arianee: 'simulator', didww: 'simulator', dots: 'live' });
      expect(started.env.dots.baseUrl).toBe('https://impact.dots.eco/api/v1');
      expect(started.env.arianee.baseUrl).toBe(started.simulator?.urls?.arianee.url);
      expect(started.simulator?.arianee.available(SIMULATED.tag)).toBe(SIMULATED.passports);
      const gb = started.simulator?.didww.countries().find((country) => country.iso === SIMULATED.countryIso);
      expect(started.simulator?.didww.availableDids({ countryId: gb?.id ?? '' })).toHaveLength(
        SIMULATED.availableDids,
      );
    } finally {
      await started.close();
    }
  });

  it('starts no simulator when every provider is live', async () => {
    const started = await startExampleEnv({
      variables: {
        RESERVEKIT_ARIANEE_BASE_URL: 'https://brand.nmp.example',
        RESERVEKIT_ARIANEE_API_KEY: 'k',
        RESERVEKIT_DIDWW_API_KEY: 'k',
        RESERVEKIT_DOTS_AUTH_TOKEN: 't',
        RESERVEKIT_DOTS_APP_TOKEN: 'a',
      },
    });
    expect(started.simulator).toBeUndefined();
    await started.close();
  });
});

describe('output helpers', () => {
  it('formats summaries as an aligned table', () => {
    const table = formatSummaryTable([
      {
        title: 'Arianee',
        rows: [
          ['reserved', '37 of 50'],
          ['outcome', 'pool empty'],
        ],
      },
      { title: 'Dots.eco gift card', rows: [['code', 'e-1']] },
    ]);
    expect(table.split('\n')).toEqual([
      'Example             Item      Value',
      '──────────────────  ────────  ──────────',
      'Arianee             reserved  37 of 50',
      '                    outcome   pool empty',
      'Dots.eco gift card  code      e-1',
    ]);
  });

  it('a progress bar off a terminal prints its last state once, when finished', () => {
    const written: string[] = [];
    const stream = {
      isTTY: false,
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream;
    const bar = createProgressBar(stream, 10);
    bar.update('arianee', 1, 4);
    bar.update('arianee', 2, 4);
    expect(written).toEqual([]);
    bar.finish();
    bar.finish();
    expect(written).toEqual(['arianee  [#####-----] 2/4\n']);
  });

  it('a progress bar on a terminal redraws in place', () => {
    const written: string[] = [];
    const stream = {
      isTTY: true,
      write: (text: string) => written.push(text),
    } as unknown as NodeJS.WriteStream;
    const bar = createProgressBar(stream, 4);
    bar.update('dots', 1, 1);
    bar.finish();
    expect(written).toEqual(['\r\x1b[2Kdots     [####] 1/1', '\n']);
  });
});

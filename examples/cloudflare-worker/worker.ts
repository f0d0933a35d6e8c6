// A Cloudflare Worker that hands out one Dots.eco gift per order, exactly once: POST /gift with
// {"orderId": "…"}. The Worker loads reservekit's build without undici (the `workerd` export
// condition) and sends with fetch (docs/transport.md, "Runtimes"). Run it locally (README.md here):
//
//   npx wrangler dev examples/cloudflare-worker/worker.ts --var DOTS_AUTH_TOKEN:… --var DOTS_APP_TOKEN:…
//   curl -X POST localhost:8787/gift -d '{"orderId":"order-1042"}'
import { ReservationError } from 'reservekit';
import { DotsClient, prefilledClaimUrl } from 'reservekit/dots';

/** The Worker's bindings (wrangler.toml `[vars]`, or `--var` / secrets). */
export interface Env {
  DOTS_AUTH_TOKEN: string;
  DOTS_APP_TOKEN: string;
  /** Another Dots.eco base URL (a simulator's, say); the real one when unset. */
  DOTS_BASE_URL?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/gift')
      return new Response('POST /gift', { status: 404 });
    const { orderId } = (await request.json()) as { orderId?: unknown };
    if (typeof orderId !== 'string' || orderId === '')
      return Response.json({ error: 'orderId must be a non-empty string' }, { status: 400 });
    const dots = new DotsClient({
      authToken: env.DOTS_AUTH_TOKEN,
      appToken: env.DOTS_APP_TOKEN,
      ...(env.DOTS_BASE_URL ? { baseUrl: env.DOTS_BASE_URL } : {}),
    });
    try {
      // The order id is the offering's unique id: a retried request (the Worker's, or the
      // customer's) finds the gift made before instead of making a second one.
      const { data, meta } = await dots.ecoClubOfferings
        .createOrGet({ quantity: 1, externalUniqueId: orderId })
        .withMeta();
      return Response.json({
        claimUrl: prefilledClaimUrl(data),
        existing: meta.existing === true,
        callId: meta.callId,
      });
    } catch (error) {
      if (!(error instanceof ReservationError)) throw error;
      // An unknown outcome says what to look up: never create again blindly.
      return Response.json(
        { error: error.code, outcome: error.outcome, lookupKey: error.lookupKey, callId: error.callId },
        { status: error.outcome === 'unknown' ? 503 : 502 },
      );
    } finally {
      await dots.close();
    }
  },
};

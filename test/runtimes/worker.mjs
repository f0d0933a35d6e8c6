// A Cloudflare Worker that runs the smoke scenario for the input POSTed to it (runtimes.test.ts
// bundles it as wrangler would, with the `workerd` condition, and runs it in workerd via miniflare).
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    try {
      return Response.json(await smoke(await request.json()));
    } catch (error) {
      return Response.json({ crashed: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};

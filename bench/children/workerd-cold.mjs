// A Worker for the workerd cold-start measurement: one reservation through reservekit (the fetch
// build, bundled with the `workerd` condition), or one raw fetch when the Worker is built without it.
import { ArianeeClient } from 'reservekit/arianee';

export default {
  async fetch(request) {
    const { url } = await request.json();
    const client = new ArianeeClient({ baseUrl: url, apiKey: 'bench-api-key-0123456789' });
    const passport = await client.reserveOne({ tags: 'bench', format: 'linkObject' });
    await client.close();
    return Response.json({ certificateId: passport.certificateId });
  },
};

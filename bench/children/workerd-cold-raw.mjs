// The baseline Worker of the workerd cold-start measurement: the same reservation with raw fetch.
export default {
  async fetch(request) {
    const { url } = await request.json();
    const response = await fetch(`${url}/dispenser/distribution/reserveOne?tags=bench&format=linkObject`, {
      headers: { authorization: 'Bearer bench-api-key-0123456789', accept: 'application/json' },
    });
    const passport = await response.json();
    return Response.json({ certificateId: passport.certificateId });
  },
};

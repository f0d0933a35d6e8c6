/**
 * Ambient placeholders every README and docs snippet may use without declaring them: credentials,
 * ids and the application's own functions, which a reader supplies. Written next to the snippets
 * as `prelude.d.ts` (a global script: it has no top-level import or export). It lives here as text,
 * not as a `.d.ts` under `test/`, so that these globals never leak into the project's own type check.
 *
 * A snippet that declares one of these names itself (`const arianee = new ArianeeClient(…)`)
 * shadows the placeholder: each snippet is its own module.
 */
export const SNIPPET_PRELUDE = `// Placeholders for README and docs snippets (test/docs/snippet-prelude.ts).
declare const apiKey: string;
declare const authToken: string;
declare const readAuthToken: string;
declare const appToken: string;
declare const countryId: string;
declare const didId: string;
declare const cityId: string;
declare const certificateId: number;
declare const availableDidId: string;
declare const order: { id: string };
declare function sendToCustomer(link: string): Promise<void>;
declare function scheduleLater(): void;
declare const metrics: { increment(name: string, data?: unknown): void };
declare const arianee: import('reservekit/arianee').ArianeeClient;
declare const didww: import('reservekit/didww').DidwwClient;
declare const dots: import('reservekit/dots').DotsClient;
declare const sim: import('reservekit/testing').Simulator;
`;

// Moved to core, where the transport's option schemas use it too; kept so that Arianee's modules
// need not change their imports.
export { lazy } from '../core/lazy.js';

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini sets no locale: without this, every issue reads "Invalid input". The English messages
 * (those classic zod gives) are what the API's 400s, the config loader and the CLIs print. One locale
 * only: zod's namespace of locales would bundle them all (~250 KB). Imported for its side effect by
 * client-config.ts, which every schema module reaches (the catalog, the webhook sources, the read
 * APIs, synth), and by the sentiment CLI, which reaches none.
 */
z.config(en());

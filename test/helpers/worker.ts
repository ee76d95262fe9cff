import { exports } from "cloudflare:workers";

/** The Worker under test, called exactly as the runtime would call it. */
export const worker = (exports as unknown as { default: Fetcher }).default;

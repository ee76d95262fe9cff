import { signal } from "@preact/signals";

/** `r` and `n` in the list or ticket ask the open ticket's composer to take focus in that mode. */
export const composerRequest = signal<{ internal: boolean; at: number } | null>(null);

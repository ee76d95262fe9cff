// Bench-only Worker entry for `npm run bench:ingest`: the real Worker plus routes that take a
// batch of raw mails in one request, so the figures measure the email() handler (and
// postal-mime alone) rather than one local HTTP round trip per mail. They live under /api/
// because only those paths reach the Worker before the assets binding.
import PostalMime from "postal-mime";
import entry from "../../worker/index";
import { app } from "../../worker/app";
import type { Bindings } from "../../worker/env";

export * from "../../worker/index";

interface Batch {
  to: string;
  mails: { from: string; raw: string }[];
}

const encoder = new TextEncoder();

function message(from: string, to: string, bytes: Uint8Array<ArrayBuffer>, rejected: string[]) {
  return {
    from,
    to,
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject: (reason: string) => void rejected.push(reason),
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
    canBeForwarded: true,
  } as unknown as ForwardableEmailMessage;
}

// Called exactly as the runtime calls the export.
const worker = entry as ExportedHandler<Bindings>;

/** What each bench route does with one batch. */
const modes: Record<string, (batch: Batch, raws: Uint8Array<ArrayBuffer>[], env: Bindings, ctx: ExecutionContext, rejected: string[]) => Promise<unknown>> = {
  // The real thing: every mail through the Worker's email() export.
  email: (batch, raws, env, ctx, rejected) => Promise.all(batch.mails.map((m, i) => worker.email!(message(m.from, batch.to, raws[i]!, rejected), env, ctx))),
  // postal-mime alone, one mail after another (parsing is CPU work; concurrency would not help).
  parse: async (_batch, raws) => {
    for (const raw of raws) await PostalMime.parse(raw);
  },
  // Floors of the local platform: one R2 write per mail, and one trivial D1 query per mail.
  r2: (_batch, raws, env) => Promise.all(raws.map((raw) => env.FILES.put(`bench/${crypto.randomUUID()}`, raw))),
  d1: async (_batch, raws, env) => {
    for (const _ of raws) await env.DB.prepare("select 1").first();
  },
};

export default {
  ...worker,
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    const mode = /^\/api\/__bench\/(\w+)$/.exec(new URL(request.url).pathname)?.[1];
    const run = mode ? modes[mode] : undefined;
    if (!run) return app.fetch(request, env, ctx);
    const batch = (await request.json()) as Batch;
    const rejected: string[] = [];
    await run(batch, batch.mails.map((m) => encoder.encode(m.raw)), env, ctx, rejected);
    return Response.json({ rejected });
  },
} satisfies ExportedHandler<Bindings>;

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import entry from "../../worker";
import { receiveEmail, type ReceiveResult } from "../../worker/channels/email/receive";
import { signUp, type SignedUpTenant } from "../helpers/api";

const worker = entry as ExportedHandler<Cloudflare.Env>;
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
// Byte-for-byte string view, so that 8-bit charsets survive the placeholder replacement.
const bytesToBinary = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");
const binaryToBytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

let counter = 0;
/** A fresh Message-ID for each rendered fixture unless the test fixes one. */
export const newMessageId = () => `<${Date.now().toString(36)}.${counter++}.${crypto.randomUUID().slice(0, 8)}@customer.example>`;

/** A scenario fixture from test/fixtures/email with its {{placeholders}} filled in. */
export function fixture(name: string, vars: Record<string, string | number> = {}): Uint8Array<ArrayBuffer> {
  const b64 = inject("emailFixtures")[name];
  if (!b64) throw new Error(`No fixture test/fixtures/email/${name}.eml`);
  const all: Record<string, string | number> = { messageId: newMessageId(), from: "carla@customer.example", ...vars };
  const text = bytesToBinary(fromBase64(b64)).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in all)) throw new Error(`Fixture ${name} needs {{${key}}}`);
    return String(all[key]);
  });
  return binaryToBytes(text);
}

/** A real-world mail from ../shared/corpus, as bytes. */
export const corpusMail = (path: string) => fromBase64(inject("mailCorpus")[path]!);
export const corpusPaths = () => Object.keys(inject("mailCorpus")).sort();

/** What Email Routing hands the Worker, built from raw bytes. */
export function incoming(raw: Uint8Array<ArrayBuffer>, envelope: { from: string; to: string }) {
  const state = { rejected: null as string | null };
  const message = {
    from: envelope.from,
    to: envelope.to,
    raw: new Response(raw).body!,
    rawSize: raw.byteLength,
    headers: new Headers(),
    setReject(reason: string) {
      state.rejected = reason;
    },
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
    canBeForwarded: true,
  };
  return { message: message as unknown as ForwardableEmailMessage, state };
}

/** Delivers raw mail through the Worker's `email()` export, as the runtime would. */
export async function deliver(raw: Uint8Array<ArrayBuffer>, envelope: { from?: string; to: string }) {
  const { message, state } = incoming(raw, { from: envelope.from ?? "carla@customer.example", to: envelope.to });
  const ctx = createExecutionContext();
  await worker.email!(message, env, ctx);
  await waitOnExecutionContext(ctx);
  return { rejected: state.rejected };
}

/** Runs the email adapter directly, for assertions on its outcome (e.g. mayAutoAnswer). */
export async function receive(raw: Uint8Array<ArrayBuffer>, envelope: { from?: string; to: string }): Promise<ReceiveResult> {
  const { message } = incoming(raw, { from: envelope.from ?? "carla@customer.example", to: envelope.to });
  return receiveEmail(message, env);
}

/** A fresh tenant with helpers to mail it and read the outcome through the REST API. */
export async function helpdesk(prefix = "mail") {
  const t: SignedUpTenant = await signUp(prefix);
  const to = t.tenant.inboundAddress;
  return {
    t,
    to,
    send: (name: string, vars: Record<string, string | number> = {}, envelope: { from?: string; to?: string } = {}) =>
      deliver(fixture(name, { to, ...vars }), { to: envelope.to ?? to, from: envelope.from ?? String(vars.from ?? "carla@customer.example") }),
    tickets: async () => (await t.admin.get<{ data: any[] }>("/tickets?limit=100")).data,
    detail: (id: number) => t.admin.get<any>(`/tickets/${id}`),
    failed: async () => (await t.admin.get<{ data: any[] }>("/failed-mails")).data,
  };
}

import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { createDb } from "../../worker/db/client";
import { outboundMails } from "../../worker/db/schema";
import { customerClient, type SignedUpTenant } from "../helpers/api";

export type QueuedMail = typeof outboundMails.$inferSelect;

/**
 * Automatic mail queued for a ticket, once notifications stopped arriving (they run after
 * the response, in waitUntil): polls until the count is stable for a moment.
 */
export async function notificationsOf(tenantId: number, ticketId: number, atLeast = 0, timeoutMs = 6000): Promise<QueuedMail[]> {
  const read = () =>
    createDb(env.DB)
      .select()
      .from(outboundMails)
      .where(and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.ticketId, ticketId), eq(outboundMails.automatic, true)))
      .orderBy(asc(outboundMails.id));
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const rows = await read();
    if (rows.length >= atLeast && rows.length === last) return rows;
    if (Date.now() > deadline) return rows;
    last = rows.length;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const recipientsOf = (mails: QueuedMail[], subjectStart?: string) =>
  mails
    .filter((m) => !subjectStart || m.subject.startsWith(subjectStart))
    .flatMap((m) => m.to.map((a) => a.address))
    .sort();

/**
 * A staff member with a signed-in client. The session is made directly (as for customers):
 * logging in dozens of agents per file from one test IP would trip the login rate limit.
 */
export async function staff(t: SignedUpTenant, name: string, role: "agent" | "admin" = "agent", extra: Record<string, unknown> = {}) {
  // With a password set by the admin: staff without one get an invitation mail, which is not what these tests read.
  const user = await t.admin.post("/users", { role, name, emails: [`${name.toLowerCase()}@${t.tenant.slug}.example`], password: "agent password 123", ...extra });
  return { client: await customerClient(t.tenant.id, user.id), user };
}

/** A tenant with a category worked by two agents, one agent outside it, and a customer. */
export async function staffedTenant(prefix: string) {
  const { signUp } = await import("../helpers/api");
  const t: SignedUpTenant = await signUp(prefix);
  const category = await t.admin.post("/categories", { names: { en: "Hardware" } });
  const ann = await staff(t, "Ann", "agent", { categoryIds: [category.id] });
  const ben = await staff(t, "Ben", "agent", { categoryIds: [category.id] });
  const cid = await staff(t, "Cid", "agent");
  const customer = await t.admin.post("/users", { role: "customer", name: "Dora Díaz", emails: [`dora-${t.tenant.slug}@customer.example`] });
  const adminEmail = `admin@${t.tenant.slug}.example`;
  return { t, category, ann, ben, cid, customer, adminEmail };
}

import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { tenants } from "../db/schema";
import type { Bindings } from "../env";
import { fromAddress } from "../outbound/addresses";
import { composeMime } from "../outbound/compose";
import { transportFor } from "../outbound/deliver";

export interface MagicLinkMail {
  tenantId: number;
  tenantName: string;
  to: string;
  locale: string;
  url: string;
}

const texts: Record<string, { subject: (t: string) => string; body: (url: string) => string }> = {
  en: {
    subject: (t) => `Your sign-in link for ${t}`,
    body: (url) => `Open this link to see your requests. It works once and for three days:\n\n${url}\n\nIf you did not ask for it, ignore this mail.`,
  },
  de: {
    subject: (t) => `Ihr Anmeldelink für ${t}`,
    body: (url) => `Öffnen Sie diesen Link, um Ihre Anfragen zu sehen. Er gilt einmal und drei Tage lang:\n\n${url}\n\nWenn Sie ihn nicht angefordert haben, ignorieren Sie diese Mail.`,
  },
  fr: {
    subject: (t) => `Votre lien de connexion pour ${t}`,
    body: (url) => `Ouvrez ce lien pour voir vos demandes. Il fonctionne une fois, pendant trois jours :\n\n${url}\n\nSi vous ne l'avez pas demandé, ignorez ce message.`,
  },
};

/** Subject and text of the sign-in mail in the customer's language. */
export function magicLinkMessage(mail: MagicLinkMail) {
  const t = texts[mail.locale.slice(0, 2)] ?? texts.en!;
  return { subject: t.subject(mail.tenantName), text: t.body(mail.url) };
}

/**
 * The one place the portal sends its sign-in mail: straight through the tenant's transport
 * (its SMTP relay, else Cloudflare Email Service), not through the outbox, so the link's
 * token is never stored in readable form. A failed send is logged; the customer can ask again.
 */
export async function sendMagicLinkMail(env: Bindings, mail: MagicLinkMail): Promise<void> {
  const db = createDb(env.DB);
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, mail.tenantId) });
  if (!tenant) return;
  const from = fromAddress(tenant, env.MAIL_DOMAIN, null);
  const { subject, text } = magicLinkMessage(mail);
  const raw = composeMime({
    from,
    replyTo: null,
    to: [{ address: mail.to }],
    cc: [],
    subject,
    text,
    html: null,
    messageId: `<signin.${crypto.randomUUID()}@${env.MAIL_DOMAIN}>`,
    inReplyTo: null,
    references: [],
    automatic: true,
    attachments: [],
  });
  try {
    const transport = await transportFor(env, db, mail.tenantId);
    await transport.send({ from: from.address, recipients: [mail.to], raw });
  } catch (e) {
    console.error(`portal sign-in mail for tenant ${mail.tenantId} could not be sent`, (e as Error)?.message ?? e);
  }
}

import type { Bindings } from "../env";

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
 * The one place the portal sends its sign-in mail. Outbound mail (issue 4) is not merged
 * yet, so for now the message is only composed and the recipient logged; wire it to the
 * outbound transport here once that lands.
 */
export async function sendMagicLinkMail(_env: Bindings, mail: MagicLinkMail): Promise<void> {
  const message = magicLinkMessage(mail);
  console.log(`portal sign-in mail for tenant ${mail.tenantId} to ${mail.to}: "${message.subject}" (outbound transport pending)`);
}

import { EmailMessage } from "cloudflare:email";
import { TransportError, type Envelope, type SendResult, type Transport } from "./transport";

/**
 * Cloudflare Email Service through the `send_email` binding. The binding takes one
 * envelope recipient per message, so a mail with CC recipients is handed over once per
 * recipient (same bytes, same Message-ID).
 */
export function sendEmailTransport(binding: SendEmail): Transport {
  return {
    name: "send_email",
    async send(envelope: Envelope): Promise<SendResult> {
      let providerMessageId: string | null = null;
      for (const recipient of envelope.recipients) {
        try {
          const result = await binding.send(new EmailMessage(envelope.from, recipient, envelope.raw));
          providerMessageId ??= (result as { messageId?: string } | undefined)?.messageId ?? null;
        } catch (e) {
          // The binding refuses what it will never accept (unverified destination, bad
          // headers) with an error; anything else is treated as transient.
          const message = e instanceof Error ? e.message : String(e);
          const permanent = /not allowed|invalid|not verified|does not match|could not parse/i.test(message);
          throw new TransportError(`send_email: ${message}`, permanent, permanent ? [recipient] : []);
        }
      }
      return { providerMessageId, answer: "accepted by Cloudflare Email Service" };
    },
  };
}

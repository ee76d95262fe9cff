import { Email, LogLevel, WorkerMailer } from "worker-mailer";
import { TransportError, type Envelope, type SendResult, type Transport } from "./transport";

export interface SmtpOptions {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string | null;
  password: string | null;
}

/**
 * worker-mailer composes its own MIME; ours comes from mimetext (one composer for every
 * transport), so this Email hands worker-mailer the finished message and uses only its
 * SMTP session: greeting, STARTTLS, AUTH, envelope and DATA.
 */
class ComposedEmail extends Email {
  constructor(
    private readonly raw: string,
    from: string,
    recipients: string[],
  ) {
    super({ from, to: recipients, subject: "", text: " " });
  }

  override getEmailData(): string {
    // DATA ends at a line holding one dot, so leading dots are doubled (RFC 5321 4.5.2).
    const stuffed = this.raw.replace(/\r\n\./g, "\r\n..").replace(/^\./, "..");
    return `${stuffed.endsWith("\r\n") ? stuffed : `${stuffed}\r\n`}.\r\n`;
  }
}

/** worker-mailer keeps its send queue private; this is the one place that reaches it. */
type MailerQueue = { emailToBeSent: { enqueue(email: Email): void } };

const SMTP_REPLY = /\b([245])\d\d[ -]/;

/** workerd reports a refused TLS handshake (an untrusted or misnamed certificate) like a dead port, in these words. */
const CANNOT_CONNECT = /cannot connect to the specified address/;

function failure(e: unknown, options: SmtpOptions): TransportError {
  let message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
  if (options.security !== "none" && CANNOT_CONNECT.test(message)) {
    message += ` (nothing answers at ${options.host}:${options.port}, or its TLS certificate is not valid for ${options.host} or not signed by a public CA)`;
  }
  const code = SMTP_REPLY.exec(message)?.[1];
  const refused = /RCPT TO: <([^>]+)>/.exec(message)?.[1];
  // A 5xx answer will be the same next time; timeouts, 4xx and dropped connections may not.
  return new TransportError(`smtp: ${message}`, code === "5", code === "5" && refused ? [refused.toLowerCase()] : []);
}

/** The tenant's own SMTP relay over `cloudflare:sockets`. */
export function smtpTransport(options: SmtpOptions): Transport {
  return {
    name: "smtp",
    async send(envelope: Envelope): Promise<SendResult> {
      let mailer: WorkerMailer;
      try {
        mailer = await WorkerMailer.connect({
          host: options.host,
          port: options.port,
          secure: options.security === "tls",
          startTls: options.security === "starttls",
          credentials: options.username ? { username: options.username, password: options.password ?? "" } : undefined,
          authType: ["plain", "login", "cram-md5"],
          logLevel: LogLevel.NONE,
          socketTimeoutMs: 15_000,
          responseTimeoutMs: 15_000,
        });
      } catch (e) {
        throw failure(e, options);
      }
      try {
        const email = new ComposedEmail(envelope.raw, envelope.from, envelope.recipients);
        (mailer as unknown as MailerQueue).emailToBeSent.enqueue(email);
        await email.sent;
        return { providerMessageId: null, answer: `250 accepted by ${options.host}:${options.port}` };
      } catch (e) {
        throw failure(e, options);
      } finally {
        await mailer.close().catch(() => undefined);
      }
    },
  };
}

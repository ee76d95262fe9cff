/** One composed message and the envelope it travels in. */
export interface Envelope {
  from: string;
  recipients: string[];
  raw: string;
}

export interface SendResult {
  /** The Message-ID the transport put on the wire, when it replaced ours. */
  providerMessageId: string | null;
  /** What the receiving side said, for the "send test mail" action. */
  answer: string;
}

/**
 * The one contract every outbound transport meets. A failure throws `TransportError`;
 * `permanent` says that retrying the same message cannot help (a 5xx answer).
 */
export interface Transport {
  readonly name: "send_email" | "smtp";
  send(envelope: Envelope): Promise<SendResult>;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** Recipients the server refused, when it named them. */
    readonly rejectedRecipients: string[] = [],
  ) {
    super(message);
    this.name = "TransportError";
  }
}

import type { Step } from "../pipeline";

const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const DAEMON_NAME = /mail delivery (system|subsystem)/i;

/** Mailer daemons and postmasters: whatever they send is a delivery report, never a request. */
export const isDaemonSender = (from: { address: string; name?: string }) => DAEMON_SENDER.test(from.address) || DAEMON_NAME.test(from.name ?? "");

/**
 * Bounces never open a ticket. They are recognised by a delivery status report (the channel
 * parsed it) or by the senders that send them; the follow-up step then looks for the
 * message that bounced.
 */
export const bounceStep: Step = async (msg) => {
  if (msg.deliveryReport || (msg.from && isDaemonSender(msg.from)) || msg.headers["x-failed-recipients"]) {
    return { annotate: { kind: "bounce", mayAutoAnswer: false } };
  }
};

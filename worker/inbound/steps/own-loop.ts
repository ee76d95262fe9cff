import { isOurDomainMessageId } from "../../channels/email/message-id";
import type { Step } from "../pipeline";
import { isOwnAddress } from "./tenant";

/**
 * Our own mail coming back (a notification looped through a forwarder, or the tenant's
 * address writing to itself) is dropped: answering it would start a mail loop.
 */
export const ownLoopStep: Step = async (msg, ann, { env }) => {
  if (isOurDomainMessageId(env.MAIL_DOMAIN, msg.externalId)) {
    return { stop: { reason: "own_loop", detail: `Message-ID ${msg.externalId} is one of ours` } };
  }
  const from = msg.from?.address;
  if (from && ann.tenant && isOwnAddress(from, ann.tenant, env.MAIL_DOMAIN)) {
    return { stop: { reason: "own_loop", detail: `Sender ${from} is the helpdesk's own address` } };
  }
};

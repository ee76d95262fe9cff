import type { Db } from "../db/client";
import type { Bindings, Role } from "../env";
import type { TenantSettings } from "../tenants/settings";
import { loadFacts, type Facts } from "./facts";
import type { InboundMessage } from "./message";
import { autoReplyStep } from "./steps/auto-reply";
import { bounceStep } from "./steps/bounce";
import { commandsStep } from "./steps/commands";
import { dedupeStep } from "./steps/dedupe";
import { followUpStep } from "./steps/follow-up";
import { forwardedStep } from "./steps/forwarded";
import { ownLoopStep } from "./steps/own-loop";
import { noReplySenderStep } from "./steps/no-reply-sender";
import { rateLimitStep } from "./steps/rate-limit";
import { senderStep } from "./steps/sender";
import { staffAuthenticityStep } from "./steps/staff-authenticity";
import { subscribersStep } from "./steps/subscribers";
import { tenantStep } from "./steps/tenant";

/** A person the message names: an existing user, or an address to create a customer for. */
export type Person = { userId: number; role: Role; address: string } | { userId: null; role: "customer"; address: string; name: string };

export interface TicketRef {
  id: number;
  number: number;
  status: "new" | "open" | "pending" | "resolved" | "closed";
  customerId: number | null;
}

/** What the steps decided so far; ingest acts on the final version. */
export interface Annotations {
  tenant: { id: number; slug: string; settings: TenantSettings; ownAddresses: Set<string> } | null;
  categoryId: number | null;
  kind: "message" | "auto_reply" | "bounce";
  /** False for auto-replies, bounces and no-reply senders: no automatic answer may go back. */
  mayAutoAnswer: boolean;
  sender: Person | null;
  /** The new ticket's customer when it is not the sender (mail forwarded by an agent). */
  customer: Person | null;
  followUp: (TicketRef & { matchedBy: "subject_tag" | "signed_message_id" | "message_id" }) | null;
  /** A follow-up to a closed ticket that opens a new ticket linked to the old one. */
  newTicketParentId: number | null;
  reopen: boolean;
  direction: "in" | "out";
  subject: string;
  internal: boolean;
  close: boolean;
  unsubscribe: boolean;
  /** People to subscribe to a new ticket (CC and TO other than the tenant's addresses). */
  subscribers: Person[];
}

export const STOP_REASONS = [
  "duplicate",
  "unknown_tenant",
  "own_loop",
  "auto_reply",
  "bounce",
  "unregistered_sender",
  "no_sender",
  "unauthenticated_staff_sender",
  "rate_limited",
] as const;
export type StopReason = (typeof STOP_REASONS)[number];
export interface Stop {
  reason: StopReason;
  detail: string;
  /** The ticket the message was matched to, when there is one (a duplicate's ticket). */
  ticketId?: number;
}

export interface StepDeps {
  db: Db;
  env: Pick<Bindings, "SECRET_KEY" | "MAIL_DOMAIN">;
  now: number;
  /** An admin replays a kept mail: limits meant for floods no longer apply. */
  replay: boolean;
  /** What the database says about this message, read once before the steps run. */
  facts: Facts;
}

export type StepResult = { annotate: Partial<Annotations> } | { stop: Stop } | void;

/** A pipeline step: reads the message and the decisions so far; annotates or stops; never writes. */
export type Step = (msg: InboundMessage, ann: Readonly<Annotations>, deps: StepDeps) => Promise<StepResult>;

/** In order, as zammad's email_parser runs its filters: each step may rely on the ones before it. */
export const STEPS: ReadonlyArray<[string, Step]> = [
  ["tenant", tenantStep],
  ["dedupe", dedupeStep],
  ["own-loop", ownLoopStep],
  ["bounce", bounceStep],
  ["auto-reply", autoReplyStep],
  ["no-reply-sender", noReplySenderStep],
  ["sender", senderStep],
  ["staff-authenticity", staffAuthenticityStep],
  ["forwarded", forwardedStep],
  ["follow-up", followUpStep],
  ["commands", commandsStep],
  ["subscribers", subscribersStep],
  ["rate-limit", rateLimitStep],
];

export type PipelineResult = { ok: true; annotations: Annotations } | { ok: false; stop: Stop; annotations: Annotations };

/** Runs every step on one message and returns the decision (or the reason it stopped). */
export async function runPipeline(msg: InboundMessage, base: Omit<StepDeps, "facts">, steps = STEPS): Promise<PipelineResult> {
  const deps: StepDeps = { ...base, facts: await loadFacts(base.db, base.env, msg, base.now) };
  let ann: Annotations = {
    tenant: null,
    categoryId: msg.categoryId,
    kind: "message",
    mayAutoAnswer: true,
    sender: null,
    customer: null,
    followUp: null,
    newTicketParentId: null,
    reopen: false,
    direction: "in",
    subject: msg.subject,
    internal: false,
    close: false,
    unsubscribe: false,
    subscribers: [],
  };
  for (const [, step] of steps) {
    const result = await step(msg, ann, deps);
    if (!result) continue;
    if ("stop" in result) return { ok: false, stop: result.stop, annotations: ann };
    ann = { ...ann, ...result.annotate };
  }
  return { ok: true, annotations: ann };
}

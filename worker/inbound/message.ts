import { z } from "zod";

/**
 * The one shape every channel adapter (email, IMAP, POP3, X, phone) converts its input
 * into. Pipeline steps only ever see this, so they work the same for every channel.
 */
const AddressSchema = z.object({ name: z.string().optional(), address: z.string().min(3).max(320) });

export const InboundAttachmentSchema = z.object({
  /** R2 key the adapter stored the bytes under. */
  key: z.string().min(1),
  filename: z.string().min(1).max(255),
  contentType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  contentId: z.string().max(500).nullable(),
});

/** What a delivery status report says about one failed recipient of an earlier message. */
export const DeliveryReportSchema = z.object({
  originalMessageId: z.string().nullable(),
  recipient: z.string().nullable(),
  statusCode: z.string().nullable(),
  permanent: z.boolean(),
  diagnostic: z.string().nullable(),
});

export const InboundMessageSchema = z.object({
  channel: z.enum(["email", "twitter", "phone"]),
  /** Channel-wide id of the message (a Message-ID with brackets for mail); the dedupe key. */
  externalId: z.string().min(3).max(998),
  /** Where the raw message was kept before anything ran. */
  rawKey: z.string().min(1),
  /** The tenant the channel routed the message to, and the category its address names (if any). */
  tenantId: z.number().int().positive(),
  categoryId: z.number().int().positive().nullable(),
  /** The address or account it was delivered to. */
  recipient: z.string(),
  from: AddressSchema.nullable(),
  to: z.array(AddressSchema),
  cc: z.array(AddressSchema),
  subject: z.string(),
  text: z.string(),
  /** Already sanitised for display. */
  html: z.string().nullable(),
  attachments: z.array(InboundAttachmentSchema),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** Lower-cased header names the junk, loop and auto-reply checks look at. */
  headers: z.record(z.string(), z.string()),
  /** Set when the channel recognised a delivery status report (bounce). */
  deliveryReport: DeliveryReportSchema.nullable(),
  receivedAt: z.number().int(),
});

export type InboundMessage = z.infer<typeof InboundMessageSchema>;
export type InboundAddress = z.infer<typeof AddressSchema>;
export type DeliveryReport = z.infer<typeof DeliveryReportSchema>;

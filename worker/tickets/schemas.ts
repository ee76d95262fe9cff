import { z } from "@hono/zod-openapi";
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from "../db/schema";
import { DeliverySchema } from "../outbound/status";
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from "./article-content";

export const StatusSchema = z.enum(TICKET_STATUSES);
export const PrioritySchema = z.enum(TICKET_PRIORITIES);
export const ChannelSchema = z.enum(CHANNELS);

const isoDate = z.string().datetime({ offset: true }).openapi({ example: "2026-11-21T09:30:00Z" });
const tag = z.string().trim().min(1).max(50).regex(/^[^,]+$/, "Tags cannot contain commas");

export const TicketSchema = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    subject: z.string(),
    status: StatusSchema,
    priority: PrioritySchema,
    categoryId: z.number().int().nullable(),
    assigneeId: z.number().int().nullable(),
    customerId: z.number().int().nullable(),
    subscriberIds: z.array(z.number().int()),
    tags: z.array(z.string()),
    channel: ChannelSchema,
    dueAt: z.string().nullable(),
    parentId: z.number().int().nullable(),
    mergedIntoId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstResponseAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .openapi("Ticket");

export const AddressSchema = z.object({ name: z.string().optional(), address: z.string() });

export const AttachmentSchema = z
  .object({ id: z.number().int(), filename: z.string(), contentType: z.string(), size: z.number().int(), contentId: z.string().nullable() })
  .openapi("Attachment");

export const ArticleSchema = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int(),
    channel: ChannelSchema,
    direction: z.enum(["in", "out"]),
    internal: z.boolean(),
    from: AddressSchema.nullable(),
    to: z.array(AddressSchema),
    cc: z.array(AddressSchema),
    subject: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable(),
    messageId: z.string().nullable(),
    inReplyTo: z.string().nullable(),
    references: z.array(z.string()),
    externalId: z.string().nullable(),
    authorId: z.number().int().nullable(),
    kind: z.enum(["message", "auto_reply", "bounce"]).openapi({ description: "Auto-replies and bounces never reopen a ticket or notify anyone" }),
    createdAt: z.string(),
    attachments: z.array(AttachmentSchema),
    deliveries: z.array(DeliverySchema).openapi({ description: "Per-recipient status of the mail this article sent" }),
  })
  .openapi("Article");

export const TicketDetailSchema = TicketSchema.extend({
  articles: z.array(ArticleSchema),
  timeSpentMinutes: z.number().int(),
}).openapi("TicketDetail");

export const TicketListSchema = z.object({ data: z.array(TicketSchema), nextCursor: z.string().nullable() }).openapi("TicketList");

export const SORTS = ["updatedAt", "-updatedAt", "createdAt", "-createdAt", "number", "-number"] as const;

export const TicketListQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(","))
    .pipe(z.array(StatusSchema))
    .optional()
    .openapi({ description: "One status or several separated by commas", example: "new,open" }),
  categoryId: z.coerce.number().int().positive().optional(),
  assigneeId: z
    .union([z.literal("none"), z.coerce.number().int().positive()])
    .optional()
    .openapi({ description: "An agent id, or `none` for unassigned tickets" }),
  customerId: z.coerce.number().int().positive().optional(),
  tag: tag.optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Full-text search in subjects and messages" }),
  sort: z.enum(SORTS).default("-updatedAt"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export const NewTicketSchema = z
  .object({
    subject: z.string().trim().min(1).max(500),
    text: z.string().max(MAX_TEXT_CHARS).optional(),
    html: z.string().max(MAX_HTML_CHARS).optional(),
    customerId: z.number().int().positive().optional(),
    customerEmail: z.string().trim().email().optional(),
    categoryId: z.number().int().positive().optional(),
    assigneeId: z.number().int().positive().optional(),
    priority: PrioritySchema.optional(),
    status: StatusSchema.optional(),
    tags: z.array(tag).max(50).optional(),
    dueAt: isoDate.nullable().optional(),
    parentId: z.number().int().positive().optional(),
    channel: ChannelSchema.optional(),
    attachmentIds: z.array(z.number().int().positive()).max(50).optional(),
  })
  .strict()
  .openapi("NewTicket");

export const TicketPatchSchema = z
  .object({
    subject: z.string().trim().min(1).max(500),
    status: StatusSchema,
    priority: PrioritySchema,
    categoryId: z.number().int().positive().nullable(),
    assigneeId: z.number().int().positive().nullable(),
    customerId: z.number().int().positive(),
    subscriberIds: z.array(z.number().int().positive()).max(100),
    tags: z.array(tag).max(50),
    dueAt: isoDate.nullable(),
    parentId: z.number().int().positive().nullable(),
  })
  .partial()
  .strict()
  .openapi("TicketPatch");

export const NewArticleSchema = z
  .object({
    text: z.string().max(MAX_TEXT_CHARS).default(""),
    html: z.string().max(MAX_HTML_CHARS).optional(),
    internal: z.boolean().default(false),
    channel: ChannelSchema.optional(),
    attachmentIds: z.array(z.number().int().positive()).max(50).optional(),
  })
  .strict()
  .refine((a) => a.text.trim() !== "" || (a.html ?? "").trim() !== "" || (a.attachmentIds?.length ?? 0) > 0, {
    message: "A message needs text, html or an attachment",
    path: ["text"],
  })
  .openapi("NewArticle");

export const ArticleEditSchema = z
  .object({
    text: z.string().max(MAX_TEXT_CHARS).default(""),
    html: z.string().max(MAX_HTML_CHARS).optional(),
  })
  .strict()
  .refine((a) => a.text.trim() !== "" || (a.html ?? "").trim() !== "", { message: "A message needs text or html", path: ["text"] })
  .openapi("ArticleEdit", { description: "The message's new content; without html the message becomes text only" });

export const MergeSchema = z.object({ targetId: z.number().int().positive() }).strict().openapi("Merge");

export const TimeEntrySchema = z
  .object({ id: z.number().int(), ticketId: z.number().int(), userId: z.number().int(), minutes: z.number().int(), note: z.string().nullable(), createdAt: z.string() })
  .openapi("TimeEntry");

export const NewTimeEntrySchema = z
  .object({ minutes: z.number().int().min(1).max(24 * 60), note: z.string().trim().max(1000).optional() })
  .strict()
  .openapi("NewTimeEntry");

export type TicketListInput = Partial<z.infer<typeof TicketListQuery>> & { limit: number };
export type NewTicket = z.infer<typeof NewTicketSchema>;
export type TicketPatch = z.infer<typeof TicketPatchSchema>;
export type NewArticle = z.infer<typeof NewArticleSchema>;
export type Ticket = z.infer<typeof TicketSchema>;
export type Article = z.infer<typeof ArticleSchema>;

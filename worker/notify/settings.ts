import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { notificationSettings } from "../db/schema";

/** Tenant-wide switches for outgoing mail and notifications, validated on every write. */
export const NotificationSettingsSchema = z
  .object({
    /** Subscribers get their own copy of a reply (true) or are CC'd on the customer's (false). */
    oneMailPerSubscriber: z.boolean().default(true),
    /** Tickets that came in by email get an acknowledgment to the customer. */
    acknowledgeEmailTickets: z.boolean().default(true),
    notifyAdminsOfNewTickets: z.boolean().default(false),
    notifyCategoryAgentsOnMove: z.boolean().default(true),
    notifyCategoryAgentsOnCustomerUpdate: z.boolean().default(false),
    /** Collision warning: category agents hear when another agent takes a ticket. */
    warnCategoryAgentsOnTake: z.boolean().default(false),
    /** Off: notifications carry download links instead of the files. */
    includeAttachments: z.boolean().default(true),
    /** Subscribers hear of updates only when an agent wrote, so customers' messages do not leak. */
    subscribersOnlyAgentUpdates: z.boolean().default(true),
    /** Loop limits on automatic mail, per ticket and per recipient, in a 10-minute window. */
    maxAutomaticMailsPerTicket: z.number().int().min(1).max(100).default(10),
    maxAutomaticMailsPerRecipient: z.number().int().min(1).max(100).default(5),
  })
  .strict();

export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** A tenant's switches from their stored row (or none): defaults fill what was never set. */
export const settingsFrom = (row: { settings: unknown } | undefined): NotificationSettings => NotificationSettingsSchema.parse(row?.settings ?? {});

export async function loadNotificationSettings(db: Db, tenantId: number): Promise<NotificationSettings> {
  return settingsFrom(await db.query.notificationSettings.findFirst({ where: eq(notificationSettings.tenantId, tenantId) }));
}

export async function saveNotificationSettings(db: Db, tenantId: number, patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
  const settings = NotificationSettingsSchema.parse({ ...(await loadNotificationSettings(db, tenantId)), ...patch });
  await db
    .insert(notificationSettings)
    .values({ tenantId, settings, updatedAt: Date.now() })
    .onConflictDoUpdate({ target: notificationSettings.tenantId, set: { settings, updatedAt: Date.now() } });
  return settings;
}

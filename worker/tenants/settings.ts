import { z } from "zod";

/** Tenant-wide behaviour switches, stored as JSON on the tenant and validated on every write. */
export const tenantSettingsSchema = z
  .object({
    acceptUnregisteredSenders: z.boolean().default(true),
    defaultCategoryId: z.number().int().positive().nullable().default(null),
    addCcAsSubscribers: z.boolean().default(true),
    /** Follow-ups to closed tickets open a new linked ticket instead of reopening. */
    newTicketForClosedFollowUps: z.boolean().default(false),
    /** Customers see the tickets of everyone in their company, not only their own. */
    customersSeeCompanyTickets: z.boolean().default(false),
    outgoingFromAddress: z.string().email().nullable().default(null),
    outgoingFromName: z.string().max(100).nullable().default(null),
    useFromNameForAllMail: z.boolean().default(false),
  })
  .strict();

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const defaultTenantSettings = (): TenantSettings => tenantSettingsSchema.parse({});

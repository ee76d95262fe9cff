import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { notificationRules } from "../db/schema";
import { DEFAULT_RULES, PERSONAL_EVENTS, type NotificationEvent, type NotificationRule, type RecipientGroup } from "./events";

type RuleRow = typeof notificationRules.$inferSelect;

const fromRow = (r: RuleRow): NotificationRule => ({
  active: r.active,
  recipients: r.recipients as RecipientGroup[],
  extraAgentIds: r.extraAgentIds,
  extraAddresses: r.extraAddresses,
});

/** The rule that applies: the category's override, else the tenant's rule, else the default. */
export async function ruleFor(db: Db, tenantId: number, event: NotificationEvent, categoryId: number | null): Promise<NotificationRule> {
  const rows = await db
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.event, event), inArray(notificationRules.categoryId, [0, categoryId ?? 0])));
  const own = rows.find((r) => categoryId && r.categoryId === categoryId) ?? rows.find((r) => r.categoryId === 0);
  return own ? fromRow(own) : DEFAULT_RULES[event];
}

/** All of a tenant's rules: defaults where nothing was changed, plus every category override. */
export async function listRules(db: Db, tenantId: number) {
  const rows = await db.select().from(notificationRules).where(eq(notificationRules.tenantId, tenantId));
  return (Object.keys(DEFAULT_RULES) as NotificationEvent[]).map((event) => {
    const tenantWide = rows.find((r) => r.event === event && r.categoryId === 0);
    return {
      event,
      personal: PERSONAL_EVENTS.has(event),
      ...(tenantWide ? fromRow(tenantWide) : DEFAULT_RULES[event]),
      categoryOverrides: rows.filter((r) => r.event === event && r.categoryId !== 0).map((r) => ({ categoryId: r.categoryId, ...fromRow(r) })),
    };
  });
}

export async function saveRule(db: Db, tenantId: number, event: NotificationEvent, categoryId: number | null, rule: NotificationRule): Promise<void> {
  const values = { ...rule, updatedAt: Date.now() };
  await db
    .insert(notificationRules)
    .values({ tenantId, event, categoryId: categoryId ?? 0, ...values })
    .onConflictDoUpdate({ target: [notificationRules.tenantId, notificationRules.event, notificationRules.categoryId], set: values });
}

export async function deleteRuleOverride(db: Db, tenantId: number, event: NotificationEvent, categoryId: number): Promise<void> {
  await db
    .delete(notificationRules)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.event, event), eq(notificationRules.categoryId, categoryId)));
}

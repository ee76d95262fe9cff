import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { notificationTemplates } from "../db/schema";
import { sanitizeHtml } from "../html/sanitize";
import { ValidationError } from "../http/errors";
import { BUILT_IN_LOCALES, DEFAULT_TEMPLATES, type Template } from "./default-templates";
import type { NotificationEvent } from "./events";
import { checkTemplate } from "./template";

const builtIn = (event: NotificationEvent, locale: string): Template | undefined =>
  (DEFAULT_TEMPLATES as Record<string, Record<NotificationEvent, Template>>)[locale]?.[event];

const base = (locale: string) => locale.split("-")[0]!.toLowerCase();

type StoredTemplate = typeof notificationTemplates.$inferSelect;

/** Category 0 is the tenant-wide row, as for rules; null means "no category". */
const rowCategory = (categoryId: number | null | undefined) => categoryId ?? 0;

/**
 * The template for a recipient's locale. For each locale of the chain (the recipient's,
 * its base language, the tenant's default, its base, English): the ticket category's own,
 * else the tenant-wide one, else the built-in one. The recipient's language thus wins over
 * customisation, as it always did; a category override only replaces what it covers.
 */
export async function templateFor(
  db: Db,
  tenantId: number,
  event: NotificationEvent,
  locale: string,
  tenantLocale: string,
  categoryId: number | null = null,
): Promise<Template> {
  const stored = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.event, event), inArray(notificationTemplates.categoryId, [0, rowCategory(categoryId)])));
  for (const candidate of [locale, base(locale), tenantLocale, base(tenantLocale), "en"]) {
    const inLocale = stored.filter((s) => s.locale === candidate);
    const own = (categoryId && inLocale.find((s) => s.categoryId === categoryId)) || inLocale.find((s) => s.categoryId === 0);
    if (own) return { subject: own.subject, body: own.body };
    const fallback = builtIn(event, candidate);
    if (fallback) return fallback;
  }
  return builtIn(event, "en")!;
}

/**
 * Every event's template in one locale as it applies to a category (or tenant-wide without
 * one): `customized` when the tenant changed it, `categoryOverride` when that change is the
 * category's own, and `categoryOverrides` naming the categories with their own version.
 */
export async function listTemplates(db: Db, tenantId: number, locale: string, categoryId: number | null = null) {
  const stored = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.locale, locale)));
  return (Object.keys(DEFAULT_TEMPLATES.en) as NotificationEvent[]).map((event) => {
    const ofEvent = stored.filter((s) => s.event === event);
    const own: StoredTemplate | undefined = (categoryId && ofEvent.find((s) => s.categoryId === categoryId)) || ofEvent.find((s) => s.categoryId === 0);
    const fallback = builtIn(event, locale) ?? builtIn(event, "en")!;
    return {
      event,
      locale,
      categoryId,
      subject: own?.subject ?? fallback.subject,
      body: own?.body ?? fallback.body,
      customized: !!own,
      categoryOverride: !!own && own.categoryId !== 0,
      categoryOverrides: ofEvent.filter((s) => s.categoryId !== 0).map((s) => s.categoryId),
    };
  });
}

/**
 * Saves a tenant's template (for one category, or tenant-wide) after checking it: unknown
 * placeholders are refused (listed for the editor), the HTML is reduced to the safe subset.
 * An empty body means "do not send".
 */
export async function saveTemplate(db: Db, tenantId: number, event: NotificationEvent, locale: string, input: Template, categoryId: number | null = null): Promise<Template> {
  const issues = [
    ...checkTemplate(input.subject).map((p) => ({ path: "subject", message: p.message })),
    ...checkTemplate(input.body).map((p) => ({ path: "body", message: p.message })),
  ];
  if (issues.length) throw new ValidationError("The template uses unknown placeholders", issues);
  const body = input.body.trim() ? await sanitizeHtml(input.body) : "";
  const values = { subject: input.subject.trim(), body, updatedAt: Date.now() };
  await db
    .insert(notificationTemplates)
    .values({ tenantId, event, locale, categoryId: rowCategory(categoryId), ...values })
    .onConflictDoUpdate({
      target: [notificationTemplates.tenantId, notificationTemplates.event, notificationTemplates.categoryId, notificationTemplates.locale],
      set: values,
    });
  return { subject: values.subject, body };
}

/** Removes a category's override (the tenant-wide template applies again) or the tenant-wide one (built-in again). */
export async function resetTemplate(db: Db, tenantId: number, event: NotificationEvent, locale: string, categoryId: number | null = null): Promise<void> {
  await db
    .delete(notificationTemplates)
    .where(
      and(
        eq(notificationTemplates.tenantId, tenantId),
        eq(notificationTemplates.event, event),
        eq(notificationTemplates.locale, locale),
        eq(notificationTemplates.categoryId, rowCategory(categoryId)),
      ),
    );
}

export { BUILT_IN_LOCALES };

import { and, eq } from "drizzle-orm";
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

/**
 * The template for a recipient's locale: the tenant's own for that locale, else the built-in
 * one, else the same two for the tenant's default locale, else English.
 */
export async function templateFor(db: Db, tenantId: number, event: NotificationEvent, locale: string, tenantLocale: string): Promise<Template> {
  const stored = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.event, event)));
  for (const candidate of [locale, base(locale), tenantLocale, base(tenantLocale), "en"]) {
    const own = stored.find((s) => s.locale === candidate);
    if (own) return { subject: own.subject, body: own.body };
    const fallback = builtIn(event, candidate);
    if (fallback) return fallback;
  }
  return builtIn(event, "en")!;
}

/** Every event's template in one locale, marking which ones the tenant changed. */
export async function listTemplates(db: Db, tenantId: number, locale: string) {
  const stored = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.locale, locale)));
  return (Object.keys(DEFAULT_TEMPLATES.en) as NotificationEvent[]).map((event) => {
    const own = stored.find((s) => s.event === event);
    const fallback = builtIn(event, locale) ?? builtIn(event, "en")!;
    return { event, locale, subject: own?.subject ?? fallback.subject, body: own?.body ?? fallback.body, customized: !!own };
  });
}

/**
 * Saves a tenant's template after checking it: unknown placeholders are refused (listed for
 * the editor), the HTML is reduced to the safe subset. An empty body means "do not send".
 */
export async function saveTemplate(db: Db, tenantId: number, event: NotificationEvent, locale: string, input: Template): Promise<Template> {
  const issues = [
    ...checkTemplate(input.subject).map((p) => ({ path: "subject", message: p.message })),
    ...checkTemplate(input.body).map((p) => ({ path: "body", message: p.message })),
  ];
  if (issues.length) throw new ValidationError("The template uses unknown placeholders", issues);
  const body = input.body.trim() ? await sanitizeHtml(input.body) : "";
  const values = { subject: input.subject.trim(), body, updatedAt: Date.now() };
  await db
    .insert(notificationTemplates)
    .values({ tenantId, event, locale, ...values })
    .onConflictDoUpdate({ target: [notificationTemplates.tenantId, notificationTemplates.event, notificationTemplates.locale], set: values });
  return { subject: values.subject, body };
}

export async function resetTemplate(db: Db, tenantId: number, event: NotificationEvent, locale: string): Promise<void> {
  await db
    .delete(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), eq(notificationTemplates.event, event), eq(notificationTemplates.locale, locale)));
}

export { BUILT_IN_LOCALES };

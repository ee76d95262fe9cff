import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { categories, inboundAddresses, tenants } from "../db/schema";
import { NotFoundError } from "../http/errors";
import { userRepo } from "../users/repo";
import { defaultTenantSettings, type TenantSettings } from "./settings";

export interface SignupInput {
  name: string;
  slug: string;
  email: string;
  password: string;
  adminName?: string;
  locale?: string;
}

export const standardAddress = (slug: string, mailDomain: string) => `${slug}@${mailDomain}`;

export const tenantJson = (t: typeof tenants.$inferSelect, mailDomain: string) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  defaultLocale: t.defaultLocale,
  inboundAddress: standardAddress(t.slug, mailDomain),
});

/**
 * Creates a tenant with its first admin, a default category and its standard inbound
 * address. The unique slug is claimed first, so a taken name fails before anything else is written.
 */
export async function createTenant(db: Db, input: SignupInput, mailDomain: string) {
  const [tenant] = await db
    .insert(tenants)
    .values({ slug: input.slug, name: input.name, defaultLocale: input.locale ?? "en", settings: defaultTenantSettings() })
    .returning();
  const tenantId = tenant!.id;
  const [category] = await db
    .insert(categories)
    .values({ tenantId, names: { en: "General", de: "Allgemein", fr: "Général" } })
    .returning();
  const settings: TenantSettings = { ...tenant!.settings, defaultCategoryId: category!.id };
  await db.batch([
    db.update(tenants).set({ settings }).where(eq(tenants.id, tenantId)),
    db.insert(inboundAddresses).values({ tenantId, address: standardAddress(input.slug, mailDomain), categoryId: null, kind: "standard" }),
  ]);
  const user = await userRepo(db, tenantId).create({
    role: "admin",
    name: input.adminName ?? input.email.split("@")[0]!,
    emails: [input.email],
    phones: [],
    password: input.password,
    locale: input.locale,
  });
  return { tenant: tenantJson({ ...tenant!, settings }, mailDomain), user };
}

export async function tenantRow(db: Db, tenantId: number) {
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) });
  if (!tenant) throw new NotFoundError("Tenant");
  return tenant;
}

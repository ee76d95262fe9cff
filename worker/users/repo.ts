import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { categories, categoryAgents, sessions, userEmails, userPhones, users } from "../db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../http/errors";
import { hashPassword } from "../auth/crypto";
import { insertCategoryAgents } from "../categories/repo";
import { normalizeEmail, normalizePhone, normalizeXHandle } from "./contact";
import type { NewUser, User, UserPatch } from "./schemas";

type UserRow = typeof users.$inferSelect;

/** Agents and admins sign in with an address (and get their invitation there): without one they never could. */
function assertStaffReachable(role: UserRow["role"], emails: string[]) {
  if (role !== "customer" && emails.length === 0) {
    throw new ValidationError("Agents and admins need an email address to sign in", [{ path: "emails", message: "Give at least one address" }]);
  }
}

/** Users of one tenant; every query carries the tenant id. */
export function userRepo(db: Db, tenantId: number) {
  async function toJson(rows: UserRow[]): Promise<User[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [emails, phones, cats] = await Promise.all([
      db.select().from(userEmails).where(and(eq(userEmails.tenantId, tenantId), inList(userEmails.userId, ids))),
      db.select().from(userPhones).where(and(eq(userPhones.tenantId, tenantId), inList(userPhones.userId, ids))),
      db.select().from(categoryAgents).where(and(eq(categoryAgents.tenantId, tenantId), inList(categoryAgents.userId, ids))),
    ]);
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      name: r.name,
      // The primary address comes first; the rest keep the order they were added in.
      emails: emails
        .filter((e) => e.userId === r.id)
        .sort((a, b) => Number(b.primary) - Number(a.primary))
        .map((e) => e.email),
      phones: phones.filter((p) => p.userId === r.id).map((p) => p.phone),
      xHandle: r.xHandle,
      locale: r.locale,
      company: r.company,
      companyContact: r.companyContact,
      active: r.active,
      limitedToCategories: r.limitedToCategories,
      categoryIds: cats.filter((c) => c.userId === r.id).map((c) => c.categoryId),
    }));
  }

  async function row(id: number): Promise<UserRow> {
    const found = await db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.id, id)) });
    if (!found) throw new NotFoundError("User");
    return found;
  }

  async function assertContactsFree(emails: string[], phones: string[], exceptUserId?: number) {
    const clash = (rows: { userId: number }[]) => rows.some((r) => r.userId !== exceptUserId);
    if (emails.length) {
      const rows = await db
        .select({ userId: userEmails.userId })
        .from(userEmails)
        .where(and(eq(userEmails.tenantId, tenantId), inArray(userEmails.email, emails)));
      if (clash(rows)) throw new ConflictError("Another user already has one of these email addresses");
    }
    if (phones.length) {
      const rows = await db
        .select({ userId: userPhones.userId })
        .from(userPhones)
        .where(and(eq(userPhones.tenantId, tenantId), inArray(userPhones.phone, phones)));
      if (clash(rows)) throw new ConflictError("Another user already has one of these phone numbers");
    }
  }

  /** An agent's categories must be the tenant's own. */
  async function assertCategories(ids: number[] | undefined) {
    if (!ids?.length) return;
    const unique = uniq(ids);
    const found = await db.select({ id: categories.id }).from(categories).where(and(eq(categories.tenantId, tenantId), inList(categories.id, unique)));
    if (found.length !== unique.length) throw new ValidationError("Unknown category", [{ path: "categoryIds", message: "Each id must be a category of this tenant" }]);
  }

  function contactWrites(userId: number, emails: string[] | undefined, phones: string[] | undefined, categoryIds?: number[]) {
    const writes = [];
    if (emails) {
      writes.push(db.delete(userEmails).where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.userId, userId))));
      if (emails.length) writes.push(db.insert(userEmails).values(emails.map((email, i) => ({ tenantId, userId, email, primary: i === 0 }))));
    }
    if (phones) {
      writes.push(db.delete(userPhones).where(and(eq(userPhones.tenantId, tenantId), eq(userPhones.userId, userId))));
      if (phones.length) writes.push(db.insert(userPhones).values(phones.map((phone) => ({ tenantId, userId, phone }))));
    }
    if (categoryIds) {
      writes.push(db.delete(categoryAgents).where(and(eq(categoryAgents.tenantId, tenantId), eq(categoryAgents.userId, userId))));
      if (categoryIds.length) writes.push(insertCategoryAgents(db, tenantId, uniq(categoryIds).map((categoryId) => ({ categoryId, userId }))));
    }
    return writes;
  }

  const uniq = <T>(items: T[]) => [...new Set(items)];

  return {
    row,
    toJson,

    async get(id: number): Promise<User> {
      const [user] = await toJson([await row(id)]);
      return user!;
    },

    async list(query: { role?: UserRow["role"]; q?: string; limit: number; offset: number }) {
      const pattern = query.q ? `%${query.q.replace(/[%_]/g, "")}%` : undefined;
      const rows = await db
        .select()
        .from(users)
        .where(
          and(
            eq(users.tenantId, tenantId),
            query.role ? eq(users.role, query.role) : undefined,
            pattern
              ? or(
                  like(users.name, pattern),
                  like(users.company, pattern),
                  sql`${users.id} in (select user_id from user_emails where tenant_id = ${tenantId} and email like ${pattern})`,
                )
              : undefined,
          ),
        )
        .orderBy(asc(users.name), asc(users.id))
        .limit(query.limit)
        .offset(query.offset);
      return toJson(rows);
    },

    /** Name and primary address in one query: what a message's From needs, without the whole profile. */
    async sender(id: number): Promise<{ name: string; address: string }> {
      const [found] = await db
        .select({ name: users.name, address: userEmails.email })
        .from(users)
        .leftJoin(userEmails, and(eq(userEmails.userId, users.id), eq(userEmails.tenantId, tenantId), eq(userEmails.primary, true)))
        .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
      if (!found) throw new NotFoundError("User");
      return { name: found.name, address: found.address ?? "" };
    },

    /** The active user who owns this address, if any. */
    async findByEmail(email: string): Promise<UserRow | undefined> {
      const [found] = await db
        .select({ user: users })
        .from(userEmails)
        .innerJoin(users, eq(users.id, userEmails.userId))
        .where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.email, normalizeEmail(email))));
      return found?.user;
    },

    async create(input: NewUser): Promise<User> {
      const emails = uniq(input.emails.map(normalizeEmail));
      const phones = uniq(input.phones.map(normalizePhone));
      assertStaffReachable(input.role, emails);
      await assertContactsFree(emails, phones);
      await assertCategories(input.categoryIds);
      const [created] = await db
        .insert(users)
        .values({
          tenantId,
          role: input.role,
          name: input.name,
          xHandle: input.xHandle ? normalizeXHandle(input.xHandle) : null,
          locale: input.locale ?? null,
          company: input.company ?? null,
          companyContact: input.companyContact ?? false,
          limitedToCategories: input.limitedToCategories ?? false,
          passwordHash: input.password ? await hashPassword(input.password) : null,
        })
        .returning();
      const writes = contactWrites(created!.id, emails, phones, input.categoryIds);
      if (writes.length) await db.batch(writes as [(typeof writes)[0], ...typeof writes]);
      return (await toJson([created!]))[0]!;
    },

    async update(id: number, patch: UserPatch): Promise<User> {
      const current = await row(id);
      const emails = patch.emails && uniq(patch.emails.map(normalizeEmail));
      if (patch.role || emails) assertStaffReachable(patch.role ?? current.role, emails ?? (await toJson([current]))[0]!.emails);
      const phones = patch.phones && uniq(patch.phones.map(normalizePhone));
      await assertContactsFree(emails ?? [], phones ?? [], id);
      await assertCategories(patch.categoryIds);
      const { emails: _e, phones: _p, categoryIds, password, xHandle, ...plain } = patch;
      const set = {
        ...plain,
        ...(xHandle !== undefined && { xHandle: xHandle ? normalizeXHandle(xHandle) : null }),
        ...(password && { passwordHash: await hashPassword(password) }),
        updatedAt: Date.now(),
      };
      const writes = [
        db.update(users).set(set).where(and(eq(users.tenantId, tenantId), eq(users.id, id))),
        ...contactWrites(id, emails, phones, categoryIds),
        // A deactivated user is signed out everywhere at once.
        ...(patch.active === false ? [db.delete(sessions).where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, id)))] : []),
      ];
      await db.batch(writes as [(typeof writes)[0], ...typeof writes]);
      return this.get(id);
    },
  };
}

export type UserRepo = ReturnType<typeof userRepo>;

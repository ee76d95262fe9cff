import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { aliased, inList, member } from "../db/json-rows";
import { filterOnly } from "../db/planner";
import { categories, categoryAgents, users } from "../db/schema";
import { NotFoundError, ValidationError } from "../http/errors";
import { categoryAddress, localizedName } from "./names";
import type { CategoryPatch, NewCategory } from "./schemas";

type CategoryRow = typeof categories.$inferSelect;

/** One statement that makes these category agents, however many (a category's 500 agents, an agent's 200 categories): one JSON array. */
export const insertCategoryAgents = (db: Db, tenantId: number, pairs: { categoryId: number; userId: number }[]) =>
  db
    .insert(categoryAgents)
    .select(
      db
        .select(aliased({ tenantId: sql<number>`${tenantId}`, categoryId: member<number>("categoryId"), userId: member<number>("userId") }))
        .from(sql`json_each(${JSON.stringify(pairs)})`),
    );

export interface CategoryContext {
  tenantId: number;
  slug: string;
  mailDomain: string;
  locale: string | null;
}

/** Categories of one tenant, named in the caller's locale. */
export function categoryRepo(db: Db, ctx: CategoryContext) {
  const { tenantId } = ctx;

  async function toJson(rows: CategoryRow[]) {
    const ids = rows.map((r) => r.id);
    const agents = ids.length
      ? await db.select().from(categoryAgents).where(and(eq(categoryAgents.tenantId, tenantId), inList(categoryAgents.categoryId, ids)))
      : [];
    return rows.map((r) => ({
      id: r.id,
      names: r.names,
      name: localizedName(r.names, ctx.locale),
      parentId: r.parentId,
      active: r.active,
      agentIds: agents.filter((a) => a.categoryId === r.id).map((a) => a.userId),
      inboundAddress: categoryAddress(ctx.slug, r.id, r.names.en ?? Object.values(r.names)[0] ?? "", ctx.mailDomain),
    }));
  }

  async function row(id: number) {
    const found = await db.query.categories.findFirst({ where: and(eq(categories.tenantId, tenantId), eq(categories.id, id)) });
    if (!found) throw new NotFoundError("Category");
    return found;
  }

  async function assertRefs(id: number | null, input: CategoryPatch) {
    if (input.parentId) {
      // Walk up from the new parent: meeting this category again would make a cycle.
      for (let ancestor: number | null = input.parentId; ancestor !== null; ) {
        if (ancestor === id) throw new ValidationError("A category cannot be its own ancestor", [{ path: "parentId", message: "Choose another category" }]);
        const parent: CategoryRow = await row(ancestor).catch(() => {
          throw new ValidationError("No such parent category", [{ path: "parentId", message: "No such category" }]);
        });
        ancestor = parent.parentId;
      }
    }
    if (input.agentIds?.length) {
      const ids = [...new Set(input.agentIds)];
      const found = await db
        .select({ id: users.id, role: users.role })
        .from(users)
        .where(and(eq(filterOnly(users.tenantId), tenantId), inList(users.id, ids)));
      if (found.length !== ids.length || found.some((u) => u.role === "customer")) {
        throw new ValidationError("Unknown agent", [{ path: "agentIds", message: "Each id must be an agent or admin of this tenant" }]);
      }
    }
  }

  const agentWrites = (categoryId: number, agentIds: number[]) => [
    db.delete(categoryAgents).where(and(eq(categoryAgents.tenantId, tenantId), eq(categoryAgents.categoryId, categoryId))),
    ...(agentIds.length ? [insertCategoryAgents(db, tenantId, [...new Set(agentIds)].map((userId) => ({ categoryId, userId })))] : []),
  ];

  return {
    row,
    async list() {
      return toJson(await db.select().from(categories).where(eq(categories.tenantId, tenantId)).orderBy(asc(categories.id)));
    },
    async get(id: number) {
      return (await toJson([await row(id)]))[0]!;
    },
    async create(input: NewCategory) {
      await assertRefs(null, input);
      const [created] = await db
        .insert(categories)
        .values({ tenantId, names: input.names, parentId: input.parentId ?? null, active: input.active ?? true })
        .returning();
      if (input.agentIds?.length) await db.batch(agentWrites(created!.id, input.agentIds) as [ReturnType<typeof agentWrites>[0]]);
      return this.get(created!.id);
    },
    async update(id: number, patch: CategoryPatch) {
      await row(id);
      await assertRefs(id, patch);
      const { agentIds, ...plain } = patch;
      const writes = [
        db.update(categories).set(plain).where(and(eq(categories.tenantId, tenantId), eq(categories.id, id))),
        ...(agentIds ? agentWrites(id, agentIds) : []),
      ];
      await db.batch(writes as [(typeof writes)[0], ...typeof writes]);
      return this.get(id);
    },
  };
}

import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { cannedTexts } from "../db/schema";
import { NotFoundError } from "../http/errors";

const json = (r: typeof cannedTexts.$inferSelect) => ({ id: r.id, title: r.title, body: r.body, updatedAt: new Date(r.updatedAt).toISOString() });

/** A tenant's canned texts; another tenant's id reads as missing. */
export function cannedTextRepo(db: Db, tenantId: number) {
  const mine = (id: number) => and(eq(cannedTexts.tenantId, tenantId), eq(cannedTexts.id, id));
  return {
    async list() {
      return (await db.select().from(cannedTexts).where(eq(cannedTexts.tenantId, tenantId)).orderBy(asc(cannedTexts.title), asc(cannedTexts.id))).map(json);
    },
    async create(input: { title: string; body: string }) {
      const [row] = await db.insert(cannedTexts).values({ tenantId, ...input }).returning();
      return json(row!);
    },
    async update(id: number, patch: { title?: string; body?: string }) {
      const [row] = await db.update(cannedTexts).set({ ...patch, updatedAt: Date.now() }).where(mine(id)).returning();
      if (!row) throw new NotFoundError("Canned text");
      return json(row);
    },
    async remove(id: number) {
      const [row] = await db.delete(cannedTexts).where(mine(id)).returning({ id: cannedTexts.id });
      if (!row) throw new NotFoundError("Canned text");
    },
  };
}

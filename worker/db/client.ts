import { drizzle } from "drizzle-orm/d1";
import { withPlusParams } from "./planner";
import * as schema from "./schema";

const open = (d1: D1Database) => drizzle(withPlusParams(d1), { schema });

export type Db = ReturnType<typeof open>;

/**
 * One drizzle instance per D1 binding: building one walks the whole schema for its
 * relational queries (about 0.1 ms in workerd here), and a request opens the database in
 * several places (middleware, routes, the ticket's Durable Object). The instance holds
 * nothing but the binding.
 */
const opened = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = opened.get(d1);
  if (!db) {
    db = open(d1);
    opened.set(d1, db);
  }
  return db;
}

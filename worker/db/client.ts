import { drizzle } from "drizzle-orm/d1";
import { assertBindable, assertStorable } from "./d1-limits";
import { plusParams } from "./planner";
import * as schema from "./schema";

/**
 * The D1 binding as the app uses it: every statement binds its values as `+?` (see `plusParams`)
 * and is checked against D1's limits (see d1-limits.ts) as it is prepared and bound.
 */
function appBinding(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, key) {
      if (key === "prepare") {
        return (query: string) => {
          const { text, bound } = plusParams(query);
          assertBindable(query, bound);
          const statement = target.prepare(text);
          // The statement itself is left as it is (wrappers of the binding, like the tests' query-plan
          // recorder, hand out their own); its values are checked on their way in.
          const bind = (...values: unknown[]) => {
            assertStorable(query, values);
            return statement.bind(...values);
          };
          return Object.create(statement, { bind: { value: bind } }) as D1PreparedStatement;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const open = (d1: D1Database) => drizzle(appBinding(d1), { schema });

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

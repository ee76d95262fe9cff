import { env } from "cloudflare:workers";
import type { Bindings } from "../../worker/env";

interface Statement {
  sql: string;
  params: unknown[];
}

export interface Planned extends Statement {
  /** EXPLAIN QUERY PLAN's steps, e.g. `SEARCH deliveries USING INDEX … (tenant_id=? AND mail_id=?)`. */
  plan: string[];
}

/**
 * Runs `work` against the real D1 through a binding that notes every statement it runs (with
 * its values), then asks SQLite how it planned each one.
 */
export async function plansOf(work: (env: Bindings, db: D1Database) => Promise<unknown>): Promise<Planned[]> {
  const ran: Statement[] = [];
  // Each handed-out statement: what it runs, and the binding's own statement behind it (for batch).
  const noted = new WeakMap<object, Statement>();
  const reals = new WeakMap<object, D1PreparedStatement>();
  const record = (stmt: object) => ran.push(noted.get(stmt)!);
  const statement = (real: D1PreparedStatement, seen: Statement): D1PreparedStatement => {
    const proxy: D1PreparedStatement = new Proxy(real, {
      get(target, key) {
        if (key === "bind") return (...params: unknown[]) => statement(target.bind(...params), { sql: seen.sql, params });
        const value = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          record(proxy);
          return value.apply(target, args);
        };
      },
    });
    noted.set(proxy, seen);
    reals.set(proxy, real);
    return proxy;
  };
  const db = new Proxy(env.DB, {
    get(target, key) {
      if (key === "prepare") return (sql: string) => statement(target.prepare(sql), { sql, params: [] });
      if (key === "batch")
        return (statements: D1PreparedStatement[]) => {
          statements.forEach(record);
          return target.batch(statements.map((s) => reals.get(s) ?? s));
        };
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  await work({ ...(env as Bindings), DB: db }, db);
  return Promise.all(
    ran.map(async (s) => {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
        .bind(...s.params)
        .all<{ detail: string }>();
      return { ...s, plan: results.map((r) => r.detail) };
    }),
  );
}

/** Tables that grow with a tenant's traffic: finding one row there must not read the tenant's rows. */
const LARGE = "(deliveries|outbound_mails|users|user_emails|user_phones|sessions|tickets|articles|attachments)";
const WHOLE_TENANT = new RegExp(`^(SCAN ${LARGE}|SEARCH ${LARGE}(?: AS \\w+)? USING (?:COVERING )?INDEX \\w+ \\(tenant_id=\\?\\))$`);

/** The steps that read a large table whole or by tenant alone, with their statement. */
export const wholeTenantReads = (planned: Planned[]) =>
  planned.flatMap((p) => p.plan.filter((step) => WHOLE_TENANT.test(step)).map((step) => `${step}  ←  ${p.sql.slice(0, 160)}`));

/** The statements that sort their rows instead of reading them in order from an index. */
export const sortedInMemory = (planned: Planned[]) => planned.filter((p) => p.plan.some((step) => step.startsWith("USE TEMP B-TREE FOR ORDER BY"))).map((p) => p.sql.slice(0, 160));

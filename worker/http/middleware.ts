import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from "../auth/sessions";
import { createDb } from "../db/client";
import type { AppEnv, Role } from "../env";
import { ForbiddenError, UnauthorizedError } from "./errors";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Resolves the caller from a Bearer token or the session cookie; 401 when neither is valid. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = createDb(c.env.DB);
  const bearer = c.req.header("Authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  const actor = bearer ? await actorFromApiToken(db, bearer) : cookie ? await actorFromSession(db, cookie) : null;
  if (!actor) throw new UnauthorizedError();
  if (actor.via === "session" && UNSAFE_METHODS.has(c.req.method)) assertSameOrigin(c.req.raw, c.env.APP_URL);
  c.set("actor", actor);
  await next();
};

/**
 * CSRF defence for cookie-authenticated writes: the browser always sends Origin on such
 * requests, so a missing or foreign Origin means the request did not come from our pages.
 */
export function assertSameOrigin(request: Request, appUrl: string) {
  const origin = request.headers.get("Origin");
  const allowed = new Set([new URL(request.url).origin, new URL(appUrl).origin]);
  if (!origin || !allowed.has(origin)) throw new ForbiddenError("Cross-origin request refused (missing or foreign Origin header)");
}

/** Refuses the request unless the caller has one of the roles. */
export const requireRole =
  (...roles: Role[]): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (!roles.includes(c.get("actor").role)) throw new ForbiddenError();
    await next();
  };

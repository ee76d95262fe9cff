import type { Context } from "hono";
import { createDb } from "../db/client";
import type { AppEnv, Bindings } from "../env";
import { AppError, ForbiddenError } from "../http/errors";
import { assertSameOrigin } from "../http/middleware";
import { createRouter, IdParam } from "../http/openapi";
import { ticketRepo } from "../tickets/repo";
import { userRepo } from "../users/repo";
import { SOCKET_USER_HEADER, type SocketUser, type TenantEvent, type VisibleBefore } from "./protocol";
import { publishToTenant, tenantHub } from "./tenant-hub.do";
import { ticketRoom } from "./ticket-room.do";

const tags = ["Realtime"];

/**
 * Checks the upgrade and who may open it. Browsers send cookies with WebSocket upgrades
 * from any site, so a cookie-authenticated upgrade must come from our own pages.
 */
async function socketUser(c: Context<AppEnv>): Promise<SocketUser> {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new AppError(426, "bad_request", "Expected a WebSocket upgrade");
  const actor = c.get("actor");
  if (actor.via === "session") assertSameOrigin(c.req.raw, c.env.APP_URL);
  if (actor.role === "customer") throw new ForbiddenError("Live updates are for agents");
  const user = await userRepo(createDb(c.env.DB), actor.tenantId).get(actor.userId);
  return { userId: user.id, name: user.name, limited: actor.role === "agent" && actor.limitedToCategories };
}

const forward = (c: Context<AppEnv>, user: SocketUser) => {
  const headers = new Headers(c.req.raw.headers);
  headers.set(SOCKET_USER_HEADER, JSON.stringify(user));
  return new Request(c.req.raw, { headers });
};

/** The Durable Object's 101 has immutable headers; rewrap it so header middleware can run. */
const relay = (res: Response) => (res.webSocket ? new Response(null, { status: 101, webSocket: res.webSocket }) : res);

const router = createRouter();

/** The ticket's room: presence ("Anna is viewing"), typing, and news of new messages. */
router.get("/tickets/:id/live", async (c) => {
  const { id } = IdParam.parse(c.req.param());
  const user = await socketUser(c);
  const ticket = await ticketRepo(createDb(c.env.DB), c.get("actor")).row(id);
  return relay(await ticketRoom(c.env, c.get("actor").tenantId, ticket.id).fetch(forward(c, user)));
});

/** The tenant's hub: ticket list changes for every connected dashboard. */
router.get("/live", async (c) => {
  const user = await socketUser(c);
  return relay(await tenantHub(c.env, c.get("actor").tenantId).fetch(forward(c, user)));
});

const upgrade = { 101: { description: "Switching to a WebSocket" }, 401: { description: "Not signed in" }, 403: { description: "Customer, or foreign Origin" }, 426: { description: "Not a WebSocket upgrade" } };
router.openAPIRegistry.registerPath({
  method: "get",
  path: "/tickets/{id}/live",
  tags,
  description:
    'WebSocket of the ticket\'s room. Server sends `{t:"presence",you,peers}`, `{t:"typing",conn,userId,name,ref?}`, `{t:"article",ticketId,articleId,…}`; client sends `{t:"typing",ref?}`, `{t:"idle"}` and the text `ping` every 20 s.',
  request: { params: IdParam },
  responses: { ...upgrade, 404: { description: "No such ticket (or not visible)" } },
});
router.openAPIRegistry.registerPath({
  method: "get",
  path: "/live",
  tags,
  description:
    'WebSocket of the tenant\'s hub. Server sends `{t:"ticket",ticketId,change}` when tickets are created or change (to an agent limited to categories only for tickets they may see, or could until that change); client sends `ping` every 20 s.',
  responses: upgrade,
});

export const liveRoutes = router;

/** Tells a tenant's dashboards about a ticket change after the response, without ever failing the request. */
export function announceLater(ctx: { waitUntil(p: Promise<unknown>): void }, env: Bindings, tenantId: number, event: TenantEvent, before?: VisibleBefore) {
  ctx.waitUntil(publishToTenant(env, tenantId, event, before));
}

/** `announceLater` for the signed-in caller's tenant. */
export const announce = (c: Context<AppEnv>, event: TenantEvent, before?: VisibleBefore) => announceLater(c.executionCtx, c.env, c.get("actor").tenantId, event, before);

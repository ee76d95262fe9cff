import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { accountRoutes, publicAuthRoutes } from "./auth/routes";
import { attachmentRoutes } from "./attachments/routes";
import { categoryRoutes } from "./categories/routes";
import { cannedTextRoutes } from "./canned/routes";
import { AppError, errorBody, handleError } from "./http/errors";
import { authenticate } from "./http/middleware";
import { createRouter } from "./http/openapi";
import { inboundAddressRoutes } from "./inbound-addresses/routes";
import { outboundRoutes } from "./outbound/routes";
import { ticketActionRoutes } from "./notify/action-routes";
import { notificationRoutes } from "./notify/routes";
import { failedMailRoutes } from "./inbound/routes";
import { portalAuthRoutes, portalRoutes } from "./portal/routes";
import { liveRoutes } from "./realtime/routes";
import { tenantRoutes } from "./tenants/routes";
import { articleRoutes } from "./tickets/article-routes";
import { ticketRoutes } from "./tickets/routes";
import { userRoutes } from "./users/routes";

const JSON_BODY_LIMIT = 4 * 1024 * 1024;

const api = createRouter();

api.use("*", secureHeaders());
api.use("*", async (c, next) => {
  // Uploads have their own, larger limit in the attachments route.
  if (c.req.path.endsWith("/attachments") && c.req.method === "POST") return next();
  return bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new AppError(413, "payload_too_large", `Request bodies may be at most ${JSON_BODY_LIMIT} bytes`);
    },
  })(c, next);
});

// Public routes are registered before `authenticate`: their handlers answer first.
api.route("/", publicAuthRoutes);
api.route("/", portalAuthRoutes);
// Signed links from customer mail work without a session.
api.route("/", ticketActionRoutes);
api.use("*", authenticate);
api
  .route("/", accountRoutes)
  .route("/", tenantRoutes)
  .route("/", userRoutes)
  .route("/", categoryRoutes)
  .route("/", cannedTextRoutes)
  .route("/", inboundAddressRoutes)
  .route("/", failedMailRoutes)
  .route("/", ticketRoutes)
  .route("/", articleRoutes)
  .route("/", attachmentRoutes)
  .route("/", outboundRoutes)
  .route("/", notificationRoutes)
  .route("/", liveRoutes)
  .route("/", portalRoutes);

api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "API token from POST /tokens" });
api.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "edgedesk_session" });

export const app = createRouter();
app.onError(handleError);
app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));

// Registered on the root so that it is reachable without signing in.
app.doc31("/api/v1/openapi.json", {
  openapi: "3.1.0",
  info: { title: "edgedesk API", version: "1.0.0", description: "Multi-tenant helpdesk on Cloudflare Workers. Errors use one envelope: `{ error: { code, message, issues? } }`." },
  security: [{ bearer: [] }, { session: [] }],
});
app.route("/api/v1", api);

import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { articles, attachments } from "../db/schema";
import { AppError, NotFoundError, ValidationError } from "../http/errors";
import { createRouter, errorResponses, IdParam, jsonContent } from "../http/openapi";
import { AttachmentSchema } from "../tickets/schemas";
import { ticketRepo } from "../tickets/repo";
import { storeAttachment } from "./store";

const tags = ["Attachments"];

// Types a browser may show inline without risk; anything else is downloaded.
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"]);

/** RFC 6266 / 5987 header, so non-ASCII file names survive every browser. */
const contentDisposition = (kind: "inline" | "attachment", filename: string) =>
  `${kind}; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const attachmentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/attachments",
      tags,
      description: "Uploads one file (multipart field `file`); attach it with `attachmentIds` when posting a message.",
      request: { body: { required: true, content: { "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }) } } } },
      responses: { 201: jsonContent(AttachmentSchema, "Uploaded"), ...errorResponses, 413: jsonContent(z.any(), "Too large") },
    }),
    async (c) => {
      const actor = c.get("actor");
      const limit = Number(c.env.MAX_UPLOAD_BYTES);
      if (Number(c.req.header("Content-Length") ?? 0) > limit + 64 * 1024) {
        throw new AppError(413, "payload_too_large", `Files may be at most ${limit} bytes`);
      }
      const file = c.req.valid("form").file as unknown;
      if (!(file instanceof File)) throw new ValidationError("Send the file in the multipart field `file`", [{ path: "file", message: "Required" }]);
      if (file.size > limit) throw new AppError(413, "payload_too_large", `Files may be at most ${limit} bytes`);
      const stored = await storeAttachment(c.env, actor.tenantId, {
        filename: file.name || "upload",
        contentType: file.type || "application/octet-stream",
        content: file.stream(),
        size: file.size,
        uploadedBy: actor.userId,
      });
      return c.json(stored, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/attachments/{id}",
      tags,
      request: { params: IdParam },
      responses: { 200: { description: "The file", content: { "application/octet-stream": { schema: z.any() } } }, ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const [found] = await db
        .select({ file: attachments, ticketId: articles.ticketId, internal: articles.internal })
        .from(attachments)
        .leftJoin(articles, eq(articles.id, attachments.articleId))
        .where(and(eq(attachments.tenantId, actor.tenantId), eq(attachments.id, c.req.valid("param").id)));
      if (!found) throw new NotFoundError("Attachment");
      if (found.ticketId === null) {
        // Not yet attached: only its uploader (or staff) may fetch it back.
        if (actor.role === "customer" && found.file.uploadedBy !== actor.userId) throw new NotFoundError("Attachment");
      } else {
        await ticketRepo(db, actor).row(found.ticketId);
        if (found.internal && actor.role === "customer") throw new NotFoundError("Attachment");
      }
      const object = await c.env.FILES.get(found.file.r2Key);
      if (!object) throw new NotFoundError("Attachment");
      const type = found.file.contentType;
      return new Response(object.body, {
        headers: {
          "Content-Type": type,
          "Content-Length": String(object.size),
          "Content-Disposition": contentDisposition(INLINE_TYPES.has(type) ? "inline" : "attachment", found.file.filename),
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
          "Cache-Control": "private, max-age=3600",
        },
      });
    },
  );

import type { Bindings } from "../env";
import { createDb } from "../db/client";
import { attachments } from "../db/schema";

export interface NewFile {
  filename: string;
  contentType: string;
  content: ReadableStream | ArrayBuffer | Uint8Array | string;
  size: number;
  contentId?: string | null;
  uploadedBy?: number | null;
  articleId?: number | null;
}

/** Writes the bytes to R2 first, then the row, so no row ever points at a missing file. */
export async function storeAttachment(env: Bindings, tenantId: number, file: NewFile) {
  const r2Key = `t/${tenantId}/files/${crypto.randomUUID()}`;
  const body = file.content instanceof ReadableStream ? file.content.pipeThrough(new FixedLengthStream(file.size)) : file.content;
  await env.FILES.put(r2Key, body, { httpMetadata: { contentType: file.contentType } });
  const [row] = await createDb(env.DB)
    .insert(attachments)
    .values({
      tenantId,
      r2Key,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      contentId: file.contentId ?? null,
      uploadedBy: file.uploadedBy ?? null,
      articleId: file.articleId ?? null,
    })
    .returning();
  return { id: row!.id, filename: row!.filename, contentType: row!.contentType, size: row!.size, contentId: row!.contentId };
}

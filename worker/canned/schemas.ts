import { z } from "@hono/zod-openapi";

export const CannedTextSchema = z
  .object({ id: z.number().int(), title: z.string(), body: z.string(), updatedAt: z.string() })
  .openapi("CannedText", { description: "A tenant's own canned text; `{name}` and `{agent}` are filled in where it is inserted" });
export type CannedText = z.infer<typeof CannedTextSchema>;

export const NewCannedTextSchema = z
  .object({ title: z.string().trim().min(1).max(100), body: z.string().min(1).max(5000) })
  .strict()
  .openapi("NewCannedText");

export const CannedTextPatchSchema = NewCannedTextSchema.partial().strict().openapi("CannedTextPatch");

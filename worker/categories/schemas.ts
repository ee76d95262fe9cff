import { z } from "@hono/zod-openapi";

/** Names per locale (`{ en, de, fr, … }`); at least one is required. */
export const NamesSchema = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "Keys are locales such as en, de or fr"), z.string().trim().min(1).max(100))
  .refine((names) => Object.keys(names).length > 0, "Give at least one name")
  .openapi({ example: { en: "Billing", de: "Abrechnung", fr: "Facturation" } });

export const CategorySchema = z
  .object({
    id: z.number().int(),
    names: z.record(z.string(), z.string()),
    name: z.string().openapi({ description: "The name in the caller's locale, falling back to English, then any" }),
    parentId: z.number().int().nullable(),
    active: z.boolean(),
    agentIds: z.array(z.number().int()),
    inboundAddress: z.string().openapi({ description: "Plus-address that routes mail into this category" }),
  })
  .openapi("Category");

export const NewCategorySchema = z
  .object({
    names: NamesSchema,
    parentId: z.number().int().positive().nullable().optional(),
    active: z.boolean().optional(),
    agentIds: z.array(z.number().int().positive()).max(500).optional(),
  })
  .strict()
  .openapi("NewCategory");

export const CategoryPatchSchema = NewCategorySchema.partial().strict().openapi("CategoryPatch");

export type NewCategory = z.infer<typeof NewCategorySchema>;
export type CategoryPatch = z.infer<typeof CategoryPatchSchema>;

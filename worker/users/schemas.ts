import { z } from "@hono/zod-openapi";

export const RoleSchema = z.enum(["admin", "agent", "customer"]);

export const UserSchema = z
  .object({
    id: z.number().int(),
    role: RoleSchema,
    name: z.string(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    xHandle: z.string().nullable(),
    locale: z.string().nullable(),
    company: z.string().nullable(),
    companyContact: z.boolean(),
    active: z.boolean(),
    limitedToCategories: z.boolean(),
    categoryIds: z.array(z.number().int()),
  })
  .openapi("User");

const xHandle = z.string().trim().regex(/^@?\w{1,15}$/, "X handles are 1–15 letters, digits or _");
export const locale = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "A locale such as en, de or fr-CH");

export const NewUserSchema = z
  .object({
    role: RoleSchema.default("customer"),
    name: z.string().trim().min(1).max(200),
    emails: z.array(z.string().trim().email()).max(20).default([]),
    phones: z.array(z.string().min(3).max(40)).max(20).default([]),
    xHandle: xHandle.nullable().optional(),
    locale: locale.nullable().optional(),
    company: z.string().trim().max(200).nullable().optional(),
    companyContact: z
      .boolean()
      .optional()
      .openapi({ description: "Admins only. A customer who also hears about other customers' tickets of the same company (the resolved notice)" }),
    password: z.string().min(10).max(200).optional(),
    limitedToCategories: z.boolean().optional(),
    categoryIds: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict()
  .openapi("NewUser");

export const UserPatchSchema = NewUserSchema.partial()
  // Without a default: under zod 4 `.partial()` still fills `[]` in, which wiped every
  // address and phone number on any patch that did not mention them.
  .extend({
    active: z.boolean().optional(),
    role: RoleSchema.optional(),
    emails: z.array(z.string().trim().email()).max(20).optional(),
    phones: z.array(z.string().min(3).max(40)).max(20).optional(),
  })
  .strict()
  .openapi("UserPatch");

export const UserListQuery = z.object({
  role: RoleSchema.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export type NewUser = z.infer<typeof NewUserSchema>;
export type UserPatch = z.infer<typeof UserPatchSchema>;
export type User = z.infer<typeof UserSchema>;

import { z } from "@hono/zod-openapi";
import { locale, UserSchema } from "../users/schemas";
import { TenantSchema } from "../tenants/schemas";

export const LoginSchema = z
  .object({ tenant: z.string().min(1).max(40), email: z.string().trim().email(), password: z.string().min(1).max(200) })
  .strict()
  .openapi("Login");

export const MeSchema = z.object({ user: UserSchema, tenant: TenantSchema }).openapi("Me");

export const InvitationSchema = z
  .object({
    token: z.string().min(1).max(200).openapi({ description: "The token of the invitation link" }),
    password: z.string().min(10).max(200),
  })
  .strict()
  .openapi("Invitation");

export const MePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    locale: locale.nullable().optional().openapi({ description: "The dashboard's and your mails' language; null follows the tenant's default" }),
    password: z
      .object({ current: z.string().min(1).max(200), new: z.string().min(10).max(200) })
      .strict()
      .optional()
      .openapi({ description: "A new password, with the current one; your other sessions end" }),
  })
  .strict()
  .openapi("MePatch");

export const TokenSchema = z
  .object({ id: z.number().int(), name: z.string(), userId: z.number().int(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi("ApiToken");

export const NewTokenSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict().openapi("NewApiToken");

export const CreatedTokenSchema = TokenSchema.extend({
  token: z.string().openapi({ description: "Shown once; send as `Authorization: Bearer <token>`" }),
}).openapi("CreatedApiToken");

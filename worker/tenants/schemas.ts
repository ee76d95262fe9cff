import { z } from "@hono/zod-openapi";
import { UserSchema } from "../users/schemas";
import { tenantSettingsSchema } from "./settings";

// Names that would clash with system mailboxes or be mistaken for us.
const RESERVED_SLUGS = new Set(["admin", "api", "www", "mail", "support", "postmaster", "mailer-daemon", "abuse", "noreply", "no-reply", "root", "system", "edgedesk"]);

export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/, "3–32 lowercase letters, digits or dashes, not starting or ending with a dash")
  .refine((s) => !RESERVED_SLUGS.has(s), "This name is reserved");

export const SignupSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: SlugSchema,
    email: z.string().trim().email(),
    password: z.string().min(10, "At least 10 characters").max(200),
    adminName: z.string().trim().min(1).max(200).optional(),
    locale: z.enum(["en", "de", "fr"]).optional(),
  })
  .strict()
  .openapi("Signup");

export const TenantSchema = z
  .object({ id: z.number().int(), slug: z.string(), name: z.string(), defaultLocale: z.string(), inboundAddress: z.string() })
  .openapi("Tenant");

export const SignupResultSchema = z.object({ tenant: TenantSchema, user: UserSchema }).openapi("SignupResult");

export const SettingsSchema = tenantSettingsSchema.openapi("TenantSettings");
export const SettingsPatchSchema = tenantSettingsSchema.partial().strict().openapi("TenantSettingsPatch");

export const TenantPatchSchema = z
  .object({ name: z.string().trim().min(1).max(100), defaultLocale: z.enum(["en", "de", "fr"]) })
  .partial()
  .strict()
  .openapi("TenantPatch");

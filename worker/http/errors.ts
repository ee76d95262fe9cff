import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { isUniqueViolation } from "../db/errors";

export type ErrorCode =
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "bad_request"
  | "internal_error";

export type ErrorIssue = { path: string; message: string };

/** A failure the client can act on; mapped to the one error envelope by `onError`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super(404, "not_found", `${what} not found`);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required") {
    super(401, "unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this") {
    super(403, "forbidden", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}
export class ValidationError extends AppError {
  constructor(message: string, issues?: ErrorIssue[]) {
    super(400, "validation_failed", message, issues);
  }
}
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "rate_limited", "Too many attempts; try again later");
  }
}

export const zodIssues = (error: ZodError): ErrorIssue[] =>
  error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));

export const errorBody = (code: ErrorCode, message: string, issues?: ErrorIssue[]) => ({
  error: issues ? { code, message, issues } : { code, message },
});

const httpCodes: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** The single `onError`: every failure leaves as `{ error: { code, message, issues? } }`. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof RateLimitedError) c.header("Retry-After", String(err.retryAfterSeconds));
  if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.issues), err.status);
  if (err instanceof ZodError) return c.json(errorBody("validation_failed", "Invalid input", zodIssues(err)), 400);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = httpCodes[status] ?? (status < 500 ? "bad_request" : "internal_error");
    return c.json(errorBody(code, err.message || "Request failed"), status);
  }
  // A unique index refusing a write means the client asked for something that already exists.
  if (isUniqueViolation(err)) {
    return c.json(errorBody("conflict", "This conflicts with an existing record"), 409);
  }
  console.error("unhandled error", err);
  return c.json(errorBody("internal_error", "Something went wrong on our side"), 500);
}

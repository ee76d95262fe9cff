/**
 * Whether `e` is SQLite refusing a write for a unique index, optionally only the one over
 * `columns` (as SQLite names them: "articles.tenant_id, articles.message_id"). D1 reports it
 * in the message, locally sometimes only in the cause.
 */
export function isUniqueViolation(e: unknown, columns = ""): boolean {
  const text = `${(e as Error)?.message ?? e} ${(e as Error)?.cause ?? ""}`;
  return text.includes(`UNIQUE constraint failed: ${columns}`);
}

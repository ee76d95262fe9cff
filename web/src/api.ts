/** The REST API as the web app uses it: JSON in, JSON out, failures as ApiError. */
// Types come from the Worker's own zod schemas, so the two cannot drift apart.
import type { Article, Ticket } from "../../worker/tickets/schemas";
import type { User } from "../../worker/users/schemas";
import type { CannedText } from "../../worker/canned/schemas";

export interface ApiIssue {
  path: string;
  message: string;
}

/** A failure in the API's one error envelope `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

/** Called when any request answers 401, so the app can send the user to the sign-in page. */
let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (fn: () => void) => (onUnauthorized = fn);

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: {} };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, "network", "offline");
  }
  if (res.status === 204) return undefined as T;
  const data: any = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith("/auth/") && !path.startsWith("/portal/")) onUnauthorized();
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? "unknown", e.message ?? res.statusText, e.issues ?? []);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T>(path: string) => api<T>("DELETE", path);

/** Query string from an object, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const uploadFile = (file: File) => {
  const form = new FormData();
  form.set("file", file);
  return post<Attachment>("/attachments", form);
};

export const attachmentUrl = (id: number) => `/api/v1/attachments/${id}`;

export type { Article, CannedText, Ticket, User };
export type TicketDetail = Ticket & { articles: Article[]; timeSpentMinutes: number };
export type Attachment = Article["attachments"][number];
export type Status = Ticket["status"];
export type Priority = Ticket["priority"];
export type Channel = Ticket["channel"];

export interface Tenant {
  id: number;
  slug: string;
  name: string;
  defaultLocale: string;
  inboundAddress: string;
}
export interface Me {
  user: User;
  tenant: Tenant;
}
export interface Category {
  id: number;
  names: Record<string, string>;
  name: string;
  parentId: number | null;
  active: boolean;
  agentIds: number[];
  inboundAddress: string;
}
export interface TimeEntry {
  id: number;
  ticketId: number;
  userId: number;
  minutes: number;
  note: string | null;
  createdAt: string;
}
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const STATUSES: Status[] = ["new", "open", "pending", "resolved", "closed"];
export const PRIORITIES: Priority[] = ["low", "normal", "high", "urgent"];

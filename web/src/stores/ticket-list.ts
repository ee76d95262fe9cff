import { batch, computed, signal } from "@preact/signals";
import { get, patch, post, query, type Page, type Status, type Ticket } from "../api";
import { openLiveSocket } from "./live-socket";

export interface Filters {
  status?: string;
  categoryId?: number;
  assigneeId?: number | "none";
  tag?: string;
  q?: string;
  sort: string;
}

export interface SavedView {
  id: string;
  /** A message key for built-in views, the user's own name for saved ones. */
  label: string;
  builtIn: boolean;
  filters: Filters;
}

const SAVED_KEY = "edgedesk.views";
const OPEN = "new,open,pending";

/** Views every agent has; "mine" needs the agent's id. */
export const builtInViews = (userId: number): SavedView[] => [
  { id: "mine", label: "views.mine", builtIn: true, filters: { status: OPEN, assigneeId: userId, sort: "-updatedAt" } },
  { id: "unassigned", label: "views.unassigned", builtIn: true, filters: { status: OPEN, assigneeId: "none", sort: "-updatedAt" } },
  { id: "open", label: "views.open", builtIn: true, filters: { status: OPEN, sort: "-updatedAt" } },
  { id: "all", label: "views.all", builtIn: true, filters: { sort: "-updatedAt" } },
];

const readSaved = (): SavedView[] => {
  try {
    return JSON.parse(localStorage.getItem(SAVED_KEY) ?? "[]");
  } catch {
    return [];
  }
};

/** The ticket list: filters, pages, keyboard cursor, bulk selection, and live refresh. */
export function createTicketListStore() {
  const filters = signal<Filters>({ status: OPEN, sort: "-updatedAt" });
  const viewId = signal<string>("open");
  const tickets = signal<Ticket[]>([]);
  const nextCursor = signal<string | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  const cursor = signal(0);
  /** Set after the first load; the hub keeps the list fresh from then on. */
  const loaded = signal(false);
  const checked = signal<Set<number>>(new Set());
  const saved = signal<SavedView[]>(readSaved());
  const flash = signal<Set<number>>(new Set());
  /** Outcome of the last bulk action, shown after the selection (and its toolbar) is gone. */
  const notice = signal<string | null>(null);
  const current = computed(() => tickets.value[cursor.value]);
  let generation = 0;

  const listQuery = (f: Filters, after?: string) =>
    query({ status: f.status, categoryId: f.categoryId, assigneeId: f.assigneeId, tag: f.tag, q: f.q, sort: f.sort, limit: 50, cursor: after });

  async function load() {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await get<Page<Ticket>>(`/tickets${listQuery(filters.value)}`);
      if (mine !== generation) return;
      batch(() => {
        tickets.value = page.data;
        nextCursor.value = page.nextCursor;
        cursor.value = Math.min(cursor.value, Math.max(0, page.data.length - 1));
        error.value = null;
        loaded.value = true;
      });
    } catch (e) {
      if (mine === generation) error.value = (e as Error).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore() {
    if (!nextCursor.value) return;
    const page = await get<Page<Ticket>>(`/tickets${listQuery(filters.value, nextCursor.value)}`);
    tickets.value = [...tickets.value, ...page.data];
    nextCursor.value = page.nextCursor;
  }

  // Live: many events can arrive at once (a mail storm); refetch at most every 300 ms.
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const changed = new Set<number>();
  function refreshSoon(ticketId?: number) {
    if (ticketId) changed.add(ticketId);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      await load();
      flash.value = new Set(changed);
      changed.clear();
      setTimeout(() => (flash.value = new Set()), 2000);
    }, 300);
  }

  const listeners = new Set<(m: { ticketId: number; change: string }) => void>();
  const live = signal<ReturnType<typeof openLiveSocket> | null>(null);
  const liveStatus = computed(() => live.value?.status.value ?? "connecting");

  function connectLive() {
    live.value ??= openLiveSocket("/live", {
      onMessage: (m) => {
        if (m.t !== "ticket") return;
        refreshSoon(m.ticketId);
        listeners.forEach((fn) => fn(m));
      },
      // After a drop we may have missed events: refetch once on every reconnect.
      onOpen: (reconnect) => reconnect && refreshSoon(),
    });
    return live.value;
  }

  /** Signing out must close the hub socket: it was opened with the old session. */
  function disconnectLive() {
    live.value?.close();
    batch(() => {
      live.value = null;
      loaded.value = false;
      tickets.value = [];
      checked.value = new Set();
      nextCursor.value = null;
    });
  }

  function persistSaved(views: SavedView[]) {
    saved.value = views;
    localStorage.setItem(SAVED_KEY, JSON.stringify(views));
  }

  async function eachChecked(fn: (id: number) => Promise<unknown>) {
    const ids = [...checked.value];
    await Promise.all(ids.map(fn));
    checked.value = new Set();
    await load();
    return ids.length;
  }

  return {
    filters,
    viewId,
    tickets,
    nextCursor,
    loaded,
    loading,
    error,
    cursor,
    current,
    checked,
    saved,
    flash,
    notice,
    liveStatus,
    load,
    loadMore,
    connectLive,
    disconnectLive,
    /** Calls `fn` for every ticket change the hub reports (the open ticket view listens too). */
    onChange(fn: (m: { ticketId: number; change: string }) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setFilters(next: Partial<Filters>, view = "custom") {
      batch(() => {
        filters.value = { ...filters.value, ...next };
        viewId.value = view;
        cursor.value = 0;
      });
      return load();
    },
    applyView(view: SavedView) {
      batch(() => {
        filters.value = { ...view.filters };
        viewId.value = view.id;
        cursor.value = 0;
      });
      return load();
    },
    saveView(label: string) {
      const view = { id: `saved-${Date.now()}`, label, builtIn: false, filters: { ...filters.value } };
      persistSaved([...saved.value, view]);
      viewId.value = view.id;
    },
    deleteView(id: string) {
      persistSaved(saved.value.filter((v) => v.id !== id));
    },
    move(by: number) {
      cursor.value = Math.max(0, Math.min(tickets.value.length - 1, cursor.value + by));
    },
    toggle(id: number) {
      const next = new Set(checked.value);
      if (!next.delete(id)) next.add(id);
      checked.value = next;
    },
    toggleAll() {
      checked.value = checked.value.size === tickets.value.length ? new Set() : new Set(tickets.value.map((t) => t.id));
    },
    bulkPatch: (change: { status?: Status; assigneeId?: number | null; categoryId?: number | null }) => eachChecked((id) => patch(`/tickets/${id}`, change)),
    bulkTag: (tag: string) =>
      eachChecked((id) => {
        const ticket = tickets.value.find((x) => x.id === id)!;
        return patch(`/tickets/${id}`, { tags: [...new Set([...ticket.tags, tag])] });
      }),
    bulkMerge: (targetId: number) => eachChecked((id) => (id === targetId ? Promise.resolve() : post(`/tickets/${id}/merge`, { targetId }))),
  };
}

const list = createTicketListStore();
export const useTicketList = () => list;

import { batch, signal } from "@preact/signals";
import { get, patch, post, type Page, type Ticket, type TicketDetail, type TimeEntry, type User } from "../api";

/** One open ticket: its conversation, time entries and the customer's history. */
export function createTicketStore(id: number) {
  const detail = signal<TicketDetail | null>(null);
  const error = signal<string | null>(null);
  const time = signal<{ data: TimeEntry[]; totalMinutes: number }>({ data: [], totalMinutes: 0 });
  const customer = signal<User | null>(null);
  const history = signal<Ticket[]>([]);
  let customerId: number | null = null;

  async function load() {
    try {
      const [ticket, entries] = await Promise.all([get<TicketDetail>(`/tickets/${id}`), get<typeof time.value>(`/tickets/${id}/time-entries`)]);
      batch(() => {
        detail.value = ticket;
        time.value = entries;
        error.value = null;
      });
      if (ticket.customerId !== customerId) {
        customerId = ticket.customerId;
        await loadCustomer();
      }
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function loadCustomer() {
    if (customerId === null) {
      customer.value = null;
      history.value = [];
      return;
    }
    const [user, tickets] = await Promise.all([get<User>(`/users/${customerId}`), get<Page<Ticket>>(`/users/${customerId}/tickets`)]);
    let all = tickets.data;
    // The history a shared mailbox cannot show: the company's other tickets too.
    if (user.company) {
      const colleagues = await get<{ data: User[] }>(`/users?role=customer&q=${encodeURIComponent(user.company)}&limit=20`);
      const others = colleagues.data.filter((u) => u.id !== user.id && u.company === user.company);
      const theirs = await Promise.all(others.map((u) => get<Page<Ticket>>(`/users/${u.id}/tickets`)));
      all = [...all, ...theirs.flatMap((p) => p.data)].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    }
    batch(() => {
      customer.value = user;
      history.value = all.filter((t) => t.id !== id);
    });
  }

  return {
    id,
    detail,
    error,
    time,
    customer,
    history,
    load,
    async update(change: Record<string, unknown>) {
      const updated = await patch<Ticket>(`/tickets/${id}`, change);
      if (detail.value) detail.value = { ...detail.value, ...updated };
    },
    async send(input: { text: string; internal: boolean; channel?: string; attachmentIds?: number[] }) {
      await post(`/tickets/${id}/articles`, input);
      await load();
    },
    /** Corrects one of the caller's messages; mail it already sent is not sent again. */
    async edit(articleId: number, text: string) {
      await patch(`/tickets/${id}/articles/${articleId}`, { text });
      await load();
    },
    /** Admins: the customer also hears about their company's resolved tickets, or no longer does. */
    async setCompanyContact(on: boolean) {
      if (customerId !== null) customer.value = await patch<User>(`/users/${customerId}`, { companyContact: on });
    },
    async addTime(minutes: number, note: string) {
      await post(`/tickets/${id}/time-entries`, { minutes, note: note || undefined });
      time.value = await get(`/tickets/${id}/time-entries`);
    },
  };
}

export type TicketStore = ReturnType<typeof createTicketStore>;

import { computed, signal } from "@preact/signals";
import { get, type CannedText, type Category, type User } from "../api";

/** Agents, categories and the tenant's canned texts: small, shared by every screen, refreshed when admins change them. */
export function createLookupsStore() {
  const staff = signal<User[]>([]);
  const categories = signal<Category[]>([]);
  const cannedTexts = signal<CannedText[]>([]);
  const agents = computed(() => staff.value.filter((u) => u.active));
  const byId = computed(() => new Map(staff.value.map((u) => [u.id, u])));
  const categoryById = computed(() => new Map(categories.value.map((c) => [c.id, c])));

  async function load() {
    const [admins, agentList, cats, canned] = await Promise.all([
      get<{ data: User[] }>("/users?role=admin&limit=200"),
      get<{ data: User[] }>("/users?role=agent&limit=200"),
      get<{ data: Category[] }>("/categories"),
      get<{ data: CannedText[] }>("/canned-texts"),
    ]);
    staff.value = [...admins.data, ...agentList.data].sort((a, b) => a.name.localeCompare(b.name));
    categories.value = cats.data;
    cannedTexts.value = canned.data;
  }

  return {
    staff,
    agents,
    categories,
    cannedTexts,
    load,
    userName: (id: number | null) => (id === null ? "" : (byId.value.get(id)?.name ?? `#${id}`)),
    categoryName: (id: number | null) => (id === null ? "" : (categoryById.value.get(id)?.name ?? `#${id}`)),
  };
}

const lookups = createLookupsStore();
export const useLookups = () => lookups;

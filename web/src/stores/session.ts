import { computed, signal } from "@preact/signals";
import { get, patch, post, type Me } from "../api";
import { setLocale } from "../i18n";

/** Who is signed in. `undefined` while the first /me is on its way, `null` when signed out. */
export function createSessionStore() {
  const me = signal<Me | null | undefined>(undefined);
  const isAdmin = computed(() => me.value?.user.role === "admin");

  const adopt = (value: Me | null) => {
    me.value = value;
    if (value) setLocale(value.user.locale ?? value.tenant.defaultLocale);
  };

  return {
    me,
    isAdmin,
    async load() {
      try {
        adopt(await get<Me>("/me"));
      } catch {
        adopt(null);
      }
    },
    async login(tenant: string, email: string, password: string) {
      adopt(await post<Me>("/auth/login", { tenant, email, password }));
    },
    async signup(input: { name: string; slug: string; email: string; password: string; adminName?: string; locale?: string }) {
      await post("/signup", input);
      adopt(await get<Me>("/me"));
    },
    /** Spends an invitation link: the invited agent's first password, and a session. */
    async acceptInvitation(token: string, password: string) {
      adopt(await post<Me>("/auth/invitation", { token, password }));
    },
    /** Changes the user's own name, language or password (see `PATCH /me`); the answer becomes the session. */
    async updateProfile(body: object) {
      adopt(await patch<Me>("/me", body));
    },
    async logout() {
      await post("/auth/logout").catch(() => undefined);
      me.value = null;
    },
    signedOut() {
      me.value = null;
    },
  };
}

const session = createSessionStore();
export const useSession = () => session;

import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { t } from "../i18n";
import { useSession } from "../stores/session";
import { useTicketList } from "../stores/ticket-list";

/** The agent screens' frame: top bar with navigation, live status and sign-out. */
export function Shell({ children }: { children: ComponentChildren }) {
  const session = useSession();
  const list = useTicketList();
  const { route, path } = useLocation();
  const me = session.me.value!;
  const status = list.liveStatus.value;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          {t("app.name")} <span class="tenant">{me.tenant.name}</span>
        </a>
        <nav aria-label="Main">
          <a href="/" aria-current={!path.startsWith("/admin") && path !== "/profile" ? "page" : undefined}>
            {t("nav.tickets")}
          </a>
          {session.isAdmin.value && (
            <a href="/admin" aria-current={path.startsWith("/admin") ? "page" : undefined}>
              {t("nav.admin")}
            </a>
          )}
        </nav>
        <span class={`live-badge ${status}`} role="status">
          {status === "open" ? t("nav.live") : t("nav.reconnecting")}
        </span>
        <a class="who" href="/profile" title={t("profile.title")} aria-current={path === "/profile" ? "page" : undefined}>
          {me.user.name}
        </a>
        <button
          class="link"
          onClick={async () => {
            await session.logout();
            route("/login");
          }}
        >
          {t("nav.logout")}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

import { useEffect } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../i18n";
import { composerRequest } from "../../stores/composer-request";
import { useTicketList } from "../../stores/ticket-list";
import { TicketList } from "./list";
import { TicketView } from "./ticket-view";
import { ViewsNav } from "./views-nav";

const typingInField = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
};

/** The agent's main screen: views, the list, and the open ticket beside it. */
export function Dashboard() {
  const { params } = useRoute();
  const { route } = useLocation();
  const list = useTicketList();
  const openId = params.id ? Number(params.id) : null;

  useEffect(() => {
    if (!list.loaded.value) list.load();
  }, []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || typingInField(e)) return;
      const current = list.current.value;
      switch (e.key) {
        case "j":
          list.move(1);
          break;
        case "k":
          list.move(-1);
          break;
        case "Enter":
          // A focused link or button opens itself; Enter elsewhere opens the highlighted ticket.
          if ((e.target as HTMLElement).closest("a, button") || !current) return;
          route(`/tickets/${current.id}`);
          break;
        case "/":
          document.getElementById("ticket-search")?.focus();
          break;
        case "r":
        case "n":
          if (!openId && current) route(`/tickets/${current.id}`);
          composerRequest.value = { internal: e.key === "n", at: Date.now() };
          break;
        default:
          return;
      }
      e.preventDefault();
    }
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [openId]);

  return (
    <div class={`dashboard ${openId ? "has-ticket" : ""}`}>
      <ViewsNav />
      <TicketList openId={openId} />
      {openId ? (
        <TicketView key={openId} id={openId} />
      ) : (
        <section class="placeholder" aria-label={t("ticket.select")}>
          <p>{t("ticket.select")}</p>
          <p class="muted">{t("list.keys")}</p>
        </section>
      )}
    </div>
  );
}

import { useEffect } from "preact/hooks";
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { setUnauthorizedHandler } from "./api";
import { Shell } from "./components/shell";
import { Login } from "./features/auth/login";
import { Signup } from "./features/auth/signup";
import { Dashboard } from "./features/tickets/dashboard";
import { t } from "./i18n";
import { useLookups } from "./stores/lookups";
import { useSession } from "./stores/session";
import { useTicketList } from "./stores/ticket-list";

// Admins and customers are few and visit rarely: their pages load on demand.
const Admin = lazy(() => import("./features/admin/admin").then((m) => m.Admin));
const Portal = lazy(() => import("./features/portal/portal").then((m) => m.Portal));

const session = useSession();
setUnauthorizedHandler(() => session.signedOut());
session.load();

/** Agent pages: need a staff session; load the shared lookups and the live hub once. */
function Agent({ page }: { page: "tickets" | "admin" }) {
  const me = session.me.value;
  const { route } = useLocation();
  const lookups = useLookups();
  const list = useTicketList();
  const staff = me && me.user.role !== "customer";
  useEffect(() => {
    if (me === null) route("/login", true);
    else if (me && !staff) route("/portal", true);
  }, [me]);
  useEffect(() => {
    if (!staff) return;
    lookups.load();
    list.connectLive();
  }, [staff]);
  if (!staff) return <p class="loading">{t("common.loading")}</p>;
  return <Shell>{page === "admin" ? <Admin /> : <Dashboard />}</Shell>;
}

const Tickets = () => <Agent page="tickets" />;
const AdminPage = () => <Agent page="admin" />;

export function App() {
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Router>
          <Route path="/login" component={Login} />
          <Route path="/signup" component={Signup} />
          <Route path="/portal/*" component={Portal} />
          <Route path="/portal" component={Portal} />
          <Route path="/admin/*" component={AdminPage} />
          <Route path="/admin" component={AdminPage} />
          <Route path="/tickets/:id" component={Tickets} />
          <Route default component={Tickets} />
        </Router>
      </ErrorBoundary>
    </LocationProvider>
  );
}

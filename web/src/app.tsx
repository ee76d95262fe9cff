import { effect, untracked } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { setUnauthorizedHandler } from "./api";
import { Shell } from "./components/shell";
import { Invitation } from "./features/auth/invitation";
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
const Profile = lazy(() => import("./features/profile/profile").then((m) => m.Profile));

const session = useSession();
setUnauthorizedHandler(() => session.signedOut());
session.load();

// One hub connection per signed-in agent, whichever page they are on; closed on sign-out
// because the socket carries the session it was opened with.
let connectedAs: number | null = null;
effect(() => {
  const me = session.me.value;
  const agentId = me && me.user.role !== "customer" ? me.user.id : null;
  if (agentId === connectedAs) return;
  connectedAs = agentId;
  untracked(() => {
    useTicketList().disconnectLive();
    if (agentId === null) return;
    useLookups().load();
    useTicketList().connectLive();
  });
});

/** Agent pages: need a staff session, else they send the visitor to the right sign-in. */
function Agent({ page }: { page: "tickets" | "admin" | "profile" }) {
  const me = session.me.value;
  const { route } = useLocation();
  const staff = me && me.user.role !== "customer";
  useEffect(() => {
    if (me === null) route("/login", true);
    else if (me && !staff) route("/portal", true);
  }, [me]);
  if (!staff) return <p class="loading">{t("common.loading")}</p>;
  return <Shell>{page === "admin" ? <Admin /> : page === "profile" ? <Profile /> : <Dashboard />}</Shell>;
}

const Tickets = () => <Agent page="tickets" />;
const AdminPage = () => <Agent page="admin" />;
const ProfilePage = () => <Agent page="profile" />;

export function App() {
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Router>
          <Route path="/login" component={Login} />
          <Route path="/invitation" component={Invitation} />
          <Route path="/signup" component={Signup} />
          <Route path="/portal/*" component={Portal} />
          <Route path="/portal" component={Portal} />
          <Route path="/admin/*" component={AdminPage} />
          <Route path="/admin" component={AdminPage} />
          <Route path="/profile" component={ProfilePage} />
          <Route path="/tickets/:id" component={Tickets} />
          <Route default component={Tickets} />
        </Router>
      </ErrorBoundary>
    </LocationProvider>
  );
}

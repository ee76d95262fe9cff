import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useSession } from "../../stores/session";

export function Login() {
  const session = useSession();
  const { route } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      await session.login(String(form.get("tenant")), String(form.get("email")), String(form.get("password")));
      route("/");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth" id="main">
      <form class="card" onSubmit={submit}>
        <h1>{t("auth.loginTitle")}</h1>
        <Field label={t("auth.tenant")} hint={t("auth.tenantHint")}>
          <input name="tenant" required autoComplete="organization" autoFocus />
        </Field>
        <Field label={t("auth.email")}>
          <input name="email" type="email" required autoComplete="username" />
        </Field>
        <Field label={t("auth.password")}>
          <input name="password" type="password" required autoComplete="current-password" />
        </Field>
        <ErrorNote error={error} />
        <button class="primary" disabled={busy}>
          {t("auth.login")}
        </button>
        <p>
          <a href="/signup">{t("auth.noAccount")}</a>
        </p>
      </form>
    </main>
  );
}

import { useLocation } from "preact-iso";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useSession } from "../../stores/session";
import { useFormAction } from "../../components/use-form-action";

export function Login() {
  const session = useSession();
  const { route } = useLocation();
  const { submit, busy, error } = useFormAction(async (form) => {
    await session.login(String(form.get("tenant")), String(form.get("email")), String(form.get("password")));
    route("/");
  });

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

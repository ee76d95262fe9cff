import { useLocation } from "preact-iso";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useSession } from "../../stores/session";
import { useFormAction } from "../../components/use-form-action";

/** Where an invited agent lands from their invitation mail: they choose their password and are signed in. */
export function Invitation() {
  const session = useSession();
  const { route, query } = useLocation();
  const { submit, busy, error } = useFormAction(async (form) => {
    await session.acceptInvitation(query.token ?? "", String(form.get("password")));
    route("/profile");
  });

  return (
    <main class="auth" id="main">
      <form class="card" onSubmit={submit}>
        <h1>{t("auth.invitationTitle")}</h1>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")}>
          <input name="password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" autoFocus />
        </Field>
        <ErrorNote error={error} />
        <button class="primary" disabled={busy}>
          {t("auth.invitationSubmit")}
        </button>
      </form>
    </main>
  );
}

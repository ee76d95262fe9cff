import { useState } from "preact/hooks";
import { del, get, post } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { formatDate, t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useLoad } from "./use-load";

interface Token {
  id: number;
  name: string;
  userId: number;
  createdAt: string;
  lastUsedAt: string | null;
}

/** API tokens: created here, shown once, revocable. */
export function Tokens() {
  const lookups = useLookups();
  const { data, error, act, submit } = useLoad(() => get<{ data: Token[] }>("/tokens").then((r) => r.data));
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <h2>{t("admin.tokens")}</h2>
      <ErrorNote error={error} />
      {created && (
        <p class="warning" role="status">
          {t("admin.tokenShown")} <code class="token">{created}</code>
        </p>
      )}
      <table class="grid">
        <thead>
          <tr>
            <th>{t("admin.tokenName")}</th>
            <th>{t("admin.name")}</th>
            <th>{t("admin.lastUsed")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((tok) => (
            <tr key={tok.id}>
              <td>{tok.name}</td>
              <td>{lookups.userName(tok.userId)}</td>
              <td>{tok.lastUsedAt ? formatDate(tok.lastUsedAt) : t("admin.never")}</td>
              <td>
                <button onClick={() => act(() => del(`/tokens/${tok.id}`))}>{t("admin.revoke")}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="card inline-form"
        onSubmit={submit(async (f) => setCreated((await post<{ token: string }>("/tokens", { name: f.get("name") })).token))}
      >
        <Field label={t("admin.tokenName")}>
          <input name="name" required maxLength={100} />
        </Field>
        <button class="primary">{t("admin.createToken")}</button>
      </form>
    </>
  );
}

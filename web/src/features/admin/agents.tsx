import { del, get, patch, post, type User } from "../../api";
import { ErrorNote, Field } from "../../components/field";
import { t } from "../../i18n";
import { useLookups } from "../../stores/lookups";
import { useSession } from "../../stores/session";
import { useLoad } from "./use-load";

const loadStaff = async () => {
  const [admins, agents] = await Promise.all([get<{ data: User[] }>("/users?role=admin&limit=200"), get<{ data: User[] }>("/users?role=agent&limit=200")]);
  return [...admins.data, ...agents.data].sort((a, b) => a.name.localeCompare(b.name));
};

/** Invite agents, change roles, languages and categories, deactivate. */
export function Agents() {
  const load = useLoad(loadStaff);
  const { data, error } = load;
  const lookups = useLookups();
  const me = useSession().me.value!;
  // Agents' names and roles show across the app, so the shared lookups refresh too.
  const act = (change: () => Promise<unknown>) => load.act(change, lookups.load);
  return (
    <>
      <h2>{t("admin.agents")}</h2>
      <ErrorNote error={error} />
      <table class="grid">
        <thead>
          <tr>
            <th>{t("admin.name")}</th>
            <th>{t("auth.email")}</th>
            <th>{t("admin.role")}</th>
            <th>{t("admin.locale")}</th>
            <th>{t("admin.agentCategories")}</th>
            <th>{t("admin.active")}</th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.id} class={u.active ? "" : "inactive"}>
              <td>{u.name}</td>
              <td>{u.emails[0]}</td>
              <td>
                <select aria-label={`${t("admin.role")} ${u.name}`} value={u.role} disabled={u.id === me.user.id} onChange={(e) => act(() => patch(`/users/${u.id}`, { role: (e.currentTarget as HTMLSelectElement).value }))}>
                  <option value="agent">{t("admin.role.agent")}</option>
                  <option value="admin">{t("admin.role.admin")}</option>
                </select>
              </td>
              <td>
                <select aria-label={`${t("admin.locale")} ${u.name}`} value={u.locale ?? ""} onChange={(e) => act(() => patch(`/users/${u.id}`, { locale: (e.currentTarget as HTMLSelectElement).value || null }))}>
                  <option value="">—</option>
                  <option value="en">English</option>
                  <option value="de">Deutsch</option>
                  <option value="fr">Français</option>
                </select>
              </td>
              <td>
                <label class="check">
                  <input type="checkbox" checked={u.limitedToCategories} onChange={(e) => act(() => patch(`/users/${u.id}`, { limitedToCategories: (e.currentTarget as HTMLInputElement).checked }))} /> {t("admin.limited")}
                </label>
                {lookups.categories.value.map((c) => (
                  <label key={c.id} class="check">
                    <input
                      type="checkbox"
                      checked={u.categoryIds.includes(c.id)}
                      onChange={(e) => {
                        const on = (e.currentTarget as HTMLInputElement).checked;
                        act(() => patch(`/users/${u.id}`, { categoryIds: on ? [...u.categoryIds, c.id] : u.categoryIds.filter((x) => x !== c.id) }));
                      }}
                    />{" "}
                    {c.name}
                  </label>
                ))}
              </td>
              <td>
                {u.id !== me.user.id &&
                  (u.active ? (
                    <button onClick={() => act(() => del(`/users/${u.id}`))}>{t("admin.deactivate")}</button>
                  ) : (
                    <button onClick={() => act(() => patch(`/users/${u.id}`, { active: true }))}>{t("admin.activate")}</button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="card inline-form"
        onSubmit={load.submit((f) => post("/users", { name: f.get("name"), emails: [f.get("email")], role: f.get("role"), password: f.get("password") || undefined, locale: f.get("locale") || null }), lookups.load)}
      >
        <h3>{t("admin.invite")}</h3>
        <Field label={t("admin.name")}>
          <input name="name" required />
        </Field>
        <Field label={t("auth.email")}>
          <input name="email" type="email" required />
        </Field>
        <Field label={t("admin.role")}>
          <select name="role">
            <option value="agent">{t("admin.role.agent")}</option>
            <option value="admin">{t("admin.role.admin")}</option>
          </select>
        </Field>
        <Field label={t("admin.locale")}>
          <select name="locale">
            <option value="">—</option>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
            <option value="fr">Français</option>
          </select>
        </Field>
        <Field label={t("admin.initialPassword")} hint={t("admin.initialPasswordHint")}>
          <input name="password" type="password" minLength={10} autoComplete="new-password" />
        </Field>
        <button class="primary">{t("admin.invite")}</button>
      </form>
    </>
  );
}

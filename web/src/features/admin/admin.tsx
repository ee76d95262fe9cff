import { useRoute } from "preact-iso";
import { t, type MessageKey } from "../../i18n";
import { Addresses } from "./addresses";
import { Agents } from "./agents";
import { CannedTexts } from "./canned-texts";
import { Categories } from "./categories";
import { EmailSettings } from "./email-settings";
import { FailedMail } from "./failed-mail";
import { Notifications } from "./notifications";
import { Tokens } from "./tokens";

const PAGES: [string, MessageKey, () => preact.JSX.Element][] = [
  ["agents", "admin.agents", Agents],
  ["categories", "admin.categories", Categories],
  ["addresses", "admin.addresses", Addresses],
  ["canned", "admin.cannedTexts", CannedTexts],
  ["email", "admin.email", EmailSettings],
  ["notifications", "admin.notifications", Notifications],
  ["failed", "admin.failed", FailedMail],
  ["tokens", "admin.tokens", Tokens],
];

/** Admin area, loaded on demand; one page per setting area. */
export function Admin() {
  const { path } = useRoute();
  const current = path.split("/")[2] || "agents";
  const Page = (PAGES.find(([id]) => id === current) ?? PAGES[0]!)[2];
  return (
    <div class="admin">
      <nav class="admin-nav" aria-label={t("admin.title")}>
        <h1>{t("admin.title")}</h1>
        <ul>
          {PAGES.map(([id, label]) => (
            <li key={id}>
              <a href={`/admin/${id}`} aria-current={id === current ? "page" : undefined}>
                {t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section class="admin-page">
        <Page />
      </section>
    </div>
  );
}

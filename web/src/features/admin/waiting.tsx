import { t } from "../../i18n";

/** Placeholder for admin pages whose API another part of the product still has to provide. */
export const Waiting = ({ what }: { what: string }) => <p class="muted">{t("admin.waiting", { what })}</p>;

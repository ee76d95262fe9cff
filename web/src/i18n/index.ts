import { signal } from "@preact/signals";
import { de } from "./de";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type { MessageKey };
export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Partial<Record<MessageKey, string>>> = { en, de, fr };

const supported = (tag: string | null | undefined): Locale | null => {
  const short = tag?.slice(0, 2).toLowerCase();
  return LOCALES.find((l) => l === short) ?? null;
};

/** The UI language: the signed-in user's locale decides; before sign-in, the browser's. */
export const locale = signal<Locale>(supported(navigator.language) ?? "en");

export function setLocale(tag: string | null | undefined) {
  locale.value = supported(tag) ?? "en";
  document.documentElement.lang = locale.value;
}

/** Fills `{name}` placeholders; one without a value stays as written. */
export const interpolate = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

/** Translates a key, filling `{name}` placeholders; missing French falls back to English. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogues[locale.value][key] ?? en[key];
  return vars ? interpolate(text, vars) : text;
}

export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

export const formatMinutes = (total: number) => {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? `${h} h ${m} min` : t("common.minutes", { n: m });
};

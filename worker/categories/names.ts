import type { LocalizedNames } from "../db/schema";

/** The name in `locale`, else its base language, else English, else the first one given. */
export function localizedName(names: LocalizedNames, locale: string | null | undefined): string {
  const base = locale?.split("-")[0];
  return (locale && names[locale]) || (base && names[base]) || names.en || Object.values(names)[0] || "";
}

/** `acme+12-billing@domain`: the id routes, the word only helps people recognise the inbox. */
export function categoryAddress(slug: string, categoryId: number, englishName: string, mailDomain: string): string {
  const word = englishName
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30);
  return `${slug}+${categoryId}${word ? `-${word}` : ""}@${mailDomain}`;
}

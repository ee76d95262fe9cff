import { describe, expect, it } from "vitest";
import { de } from "../../web/src/i18n/de";
import { en } from "../../web/src/i18n/en";
import { fr } from "../../web/src/i18n/fr";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("web app translations", () => {
  it("has every English text in German, none empty, with the same placeholders", () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const german = de[key as keyof typeof en];
      expect(german.trim(), key).not.toBe("");
      expect(placeholders(german), key).toEqual(placeholders(text));
    }
  });

  it("has French for every customer-facing portal text and the category labels", () => {
    const customerFacing = Object.keys(en).filter((k) => k.startsWith("portal.") || k.startsWith("status."));
    for (const key of [...customerFacing, "ticket.category", "admin.categories"]) expect(fr[key as keyof typeof en], key).toBeTruthy();
    for (const [key, text] of Object.entries(fr)) expect(placeholders(text!), key).toEqual(placeholders(en[key as keyof typeof en]));
  });
});

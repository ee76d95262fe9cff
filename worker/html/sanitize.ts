/**
 * HTML from customers is shown to agents, so it is reduced to an allow-list of harmless
 * elements and attributes. HTMLRewriter (built into workerd) parses it the way a browser
 * tokenizer would, which a regex cannot do safely.
 */

const ALLOWED_ELEMENTS = new Set([
  "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt",
  "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s",
  "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
]);

// Dropped together with everything inside them.
const DROPPED_WITH_CONTENT = ["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "head", "title", "textarea", "select", "button", "form"];

const ALLOWED_ATTRIBUTES = new Set(["href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "align", "valign", "color", "dir", "lang"]);

const SAFE_URL = /^(https?:|mailto:|cid:|#)/i;
const SAFE_IMAGE_DATA = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

function rewriter(): HTMLRewriter {
  return new HTMLRewriter()
    .on(DROPPED_WITH_CONTENT.join(","), { element: (el) => void el.remove() })
    .on("*", {
      element(el) {
        if (!ALLOWED_ELEMENTS.has(el.tagName)) {
          el.removeAndKeepContent();
          return;
        }
        for (const [name, value] of Array.from(el.attributes as unknown as Iterable<[string, string]>)) {
          const keep =
            ALLOWED_ATTRIBUTES.has(name) &&
            (name !== "href" || SAFE_URL.test(value.trim())) &&
            (name !== "src" || SAFE_URL.test(value.trim()) || SAFE_IMAGE_DATA.test(value.trim()));
          if (!keep) el.removeAttribute(name);
        }
        if (el.tagName === "a") {
          el.setAttribute("rel", "noopener noreferrer nofollow");
          el.setAttribute("target", "_blank");
        }
      },
      comments: (comment) => void comment.remove(),
    })
    .onDocument({ comments: (comment) => void comment.remove() });
}

/** Returns html with only allow-listed elements and attributes. */
export async function sanitizeHtml(html: string): Promise<string> {
  return (await rewriter().transform(new Response(html)).text()).trim();
}

const BLOCK_ELEMENTS = "p,div,br,li,tr,h1,h2,h3,h4,h5,h6,blockquote,pre,hr,table";

/** A plain-text rendering of html, so every message has a text version for search and mail. */
export async function htmlToText(html: string): Promise<string> {
  let text = "";
  await new HTMLRewriter()
    .on(DROPPED_WITH_CONTENT.join(","), { element: (el) => void el.remove() })
    .on(BLOCK_ELEMENTS, { element: () => void (text += "\n") })
    .on("li", { element: () => void (text += "- ") })
    .onDocument({ text: (chunk) => void (text += chunk.text) })
    .transform(new Response(html))
    .arrayBuffer();
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

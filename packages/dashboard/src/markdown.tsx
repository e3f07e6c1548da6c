/**
 * Assistant text as markdown: marked parses, DOMPurify keeps only what markdown itself makes.
 * The text is the model's, and the page it lands on holds the approval buttons: so no forms,
 * inputs, buttons or style (a model could draw a fake panel over the real one, or a form that
 * posts to this origin), no class or id (the page's own look and names), and a link to another
 * site opens apart from the dashboard (new tab, no opener, no referrer, no endorsement) with its
 * real address as its title, whatever its text claims.
 */
import DOMPurify from "dompurify";
import { marked } from "marked";

// Everything marked writes for GFM, and the few inline tags people write in markdown by hand.
const ALLOWED_TAGS = [
  "a",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "details",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "kbd",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];
const ALLOWED_ATTR = ["href", "title", "alt", "src", "align", "start"];
const OUTSIDE_LINK_REL = "noopener noreferrer nofollow";

marked.setOptions({ gfm: true, breaks: false, async: false });
// A task list's boxes as characters: an <input> would be a form control the model placed.
marked.use({ renderer: { checkbox: ({ checked }) => (checked ? "☑ " : "☐ ") } });

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName !== "A") return;
  const href = node.getAttribute("href");
  if (href === null) return;
  let url: URL;
  try {
    url = new URL(href, document.baseURI);
  } catch {
    node.removeAttribute("href");
    return;
  }
  if (url.origin === location.origin) return;
  node.setAttribute("target", "_blank");
  node.setAttribute("rel", OUTSIDE_LINK_REL);
  node.setAttribute("title", url.href);
});

export function Markdown({ text }: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(text) as string, { ALLOWED_TAGS, ALLOWED_ATTR });
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

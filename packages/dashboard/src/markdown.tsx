/** Assistant text as markdown: marked parses, DOMPurify removes anything executable. */
import DOMPurify from "dompurify";
import { marked } from "marked";

marked.setOptions({ gfm: true, breaks: false, async: false });

export function Markdown({ text }: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(text) as string, { USE_PROFILES: { html: true } });
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

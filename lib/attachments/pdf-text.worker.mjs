// Reads a PDF's text in a worker thread, so that a hostile PDF costs this thread, not the server's: the parent
// (lib/attachments/pdf-text.ts) caps its heap, kills it after a deadline and keeps what it already sent.
// Plain JavaScript loaded by path at run time: the production build does not bundle it.
import { parentPort, workerData } from "node:worker_threads";
import { getDocumentProxy } from "unpdf";

const { bytes, maxChars, maxPages } = workerData;

async function main() {
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  parentPort.postMessage({ type: "pages", pageCount: pdf.numPages });
  let chars = 0;
  const pages = Math.min(pdf.numPages, maxPages);
  for (let number = 1; number <= pages && chars <= maxChars; number++) {
    const page = await pdf.getPage(number);
    // Streamed, so that reading stops at the budget instead of after a page's last operator.
    const reader = page.streamTextContent().getReader();
    let line = "";
    const lines = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const item of value.items) {
        if (typeof item.str !== "string") continue;
        line += item.str;
        chars += item.str.length;
        if (item.hasEOL) {
          lines.push(line);
          line = "";
        }
      }
      if (chars > maxChars) {
        await reader.cancel("enough text").catch(() => {});
        break;
      }
    }
    lines.push(line);
    parentPort.postMessage({ type: "text", page: number, text: lines.join("\n") });
    page.cleanup();
  }
  const complete = chars <= maxChars && pages === pdf.numPages;
  parentPort.postMessage({ type: "done", complete, reason: complete ? null : chars > maxChars ? "chars" : "pages" });
  await pdf.destroy();
}

main().catch((error) => {
  parentPort.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});

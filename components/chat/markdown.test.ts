import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { normalizeMath } from "@/lib/markdown/math-syntax";
import { Markdown } from "./markdown";
import { mathPlugins } from "./markdown-math";
import { isSameOriginImage, safeUrl } from "./safe-url";

const render = (text: string) => renderToString(createElement(Markdown, { text }));

describe("Markdown", () => {
  it("renders GitHub-flavoured tables, lists and highlighted code with a Copy button", () => {
    const html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n```js\nconst x = 1;\n```");
    expect(html).toContain("<table");
    expect(html).toContain("<td");
    expect(html).toMatch(/<ul[^>]*>.*<li>one<\/li>/s);
    expect(html).toContain('class="hljs-keyword"');
    expect(html).toContain('aria-label="Copy"');
    expect(html).toContain(">js<");
  });

  it("highlights the common languages by their usual names and shows others plainly, label and Copy kept", () => {
    const samples = {
      ts: "const x: number = 1;",
      py: "def f(): return 'a'",
      sh: "echo 'hi' # greet",
      html: '<p class="a">hi</p>',
      rust: "fn main() { let x = 1; }",
      sql: "SELECT * FROM t;",
    };
    for (const [fence, code] of Object.entries(samples)) {
      expect(render(`\`\`\`${fence}\n${code}\n\`\`\``), fence).toMatch(/class="hljs-(keyword|string|comment|tag)"/);
    }
    const html = render("```cobol\nDISPLAY 'HI'.\n```");
    expect(html).not.toContain("hljs-");
    expect(html).toContain("DISPLAY &#x27;HI&#x27;.");
    expect(html).toContain(">cobol<");
    expect(html).toContain('aria-label="Copy"');
  });

  it("shows raw HTML as text instead of elements", () => {
    const html = render(
      'Hi <script>alert(1)</script> <b onclick="x()">bold</b>\n\n<div><iframe src="https://evil.test"></iframe></div>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<b[ >]/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;iframe");
  });

  it("drops javascript:, data: and vbscript: links", () => {
    const html = render(
      "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x) [e](java\tscript:alert(1)) <javascript:alert(2)>",
    );
    expect(html).not.toMatch(/href="[^"]*(script|data):/i);
    expect(html.match(/<a /g) ?? []).toHaveLength(0);
  });

  it("keeps ordinary links, opening them safely in a new tab", () => {
    const html = render("[docs](https://example.com/a?b=1) [mail](mailto:a@b.test) [rel](/chat)");
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('href="mailto:a@b.test"');
    expect(html).toContain('href="/chat"');
  });

  it("renders images only from this origin; others become plain links", () => {
    const html = render(
      "![tracker](http://evil.test/pixel.png) ![proto](//evil.test/x.png) ![ok](/icon.png) ![d](data:image/png;base64,AAAA)",
    );
    expect(html).not.toMatch(/<img[^>]*evil\.test/);
    expect(html).toMatch(/<a[^>]*href="http:\/\/evil\.test\/pixel\.png"[^>]*>tracker<\/a>/);
    expect(html).toMatch(/<img[^>]*src="\/icon\.png"/);
    expect(html).not.toContain("data:image");
    expect(html.match(/<img/g)).toHaveLength(1);
  });
});

describe("Markdown with math", () => {
  const renderMath = (text: string) =>
    renderToString(createElement(Markdown, { text: normalizeMath(text).text, extra: mathPlugins }));

  it("typesets display and inline math written with dollars or brackets; prices stay text", () => {
    const html = renderMath(
      "Display:\n\n$$\n\\int_0^1 x^2\\,dx = \\frac13\n$$\n\n\\[ a^2+b^2=c^2 \\]\n\nInline $e^{i\\pi}=-1$ and \\(\\sqrt{2}\\); lunch is $5 and coffee $10.",
    );
    expect(html.match(/class="katex-display"/g)).toHaveLength(2);
    expect(html.match(/class="katex"/g)).toHaveLength(4);
    expect(html).toContain("<math");
    expect(html).toContain("lunch is $5 and coffee $10.");
    expect(html).not.toContain("$$");
  });

  it("shows a formula KaTeX cannot parse as its source instead of failing the reply", () => {
    const html = renderMath("Bad: $\\frac{1}{$ ok");
    expect(html).toContain("katex-error");
    expect(html).toContain("ok");
  });

  it("refuses KaTeX commands that would run or link (\\href, \\htmlClass) and bounds macro expansion", () => {
    const html = renderMath("$\\href{javascript:alert(1)}{x}$ $\\htmlClass{evil}{y}$\n\n$$\n\\def\\a{\\a\\a}\\a\n$$");
    expect(html).not.toMatch(/href="javascript/);
    expect(html).not.toContain('class="evil"');
    expect(html).toContain("katex-error");
  });

  it("leaves a mermaid fence to the diagram component", () => {
    const html = renderToString(createElement(Markdown, { text: "```mermaid\ngraph TD; A-->B\n```" }));
    expect(html).toContain('data-testid="mermaid"');
    expect(html).toContain("graph TD; A--&gt;B");
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://a.test", "https://a.test"],
    ["/x", "/x"],
    ["#h", "#h"],
    ["javascript:alert(1)", ""],
    [" javascript:alert(1)", ""],
    ["\u0001javascript:alert(1)", ""],
    ["data:text/html,x", ""],
    ["file:///etc/passwd", ""],
  ])("%j → %j", (input, expected) => expect(safeUrl(input)).toBe(expected));

  it("treats only root-relative image paths as same-origin", () => {
    expect(isSameOriginImage("/a.png")).toBe(true);
    expect(isSameOriginImage("//evil.test/a.png")).toBe(false);
    expect(isSameOriginImage("/\\evil.test/a.png")).toBe(false);
    expect(isSameOriginImage("https://evil.test/a.png")).toBe(false);
    expect(isSameOriginImage(undefined)).toBe(false);
  });
});

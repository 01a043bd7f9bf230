// Typesets card HTML with MathJax 3 configured as Anki's reviewer configures it, and prints what it found.
//
// Input (stdin): a JSON list of HTML strings (card sides). Output (stdout): a JSON list with, for each
// input, the formulas MathJax found ({"tex": ..., "display": ...}) and the links its output holds.
//
// Anki (ts/mathjax/index.ts) keeps MathJax 3's inline delimiters \( \), sets displayMath to \[ \] only
// (no $$), turns processEscapes, processEnvironments and processRefs off, and leaves the HTML options
// at MathJax's defaults (ignore class mathjax_ignore, process class mathjax_process). Its packages are
// base, action, ams, autoload, configmacros, mathtools, mhchem, newcommand, noundefined and require;
// autoload loads the others, html (\href, \style, \class) among them, when a formula names them. They
// are loaded up front here (no component loader under node): finding a formula depends on the
// delimiters only, the packages decide what a found formula can do.
"use strict";

const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { CHTML } = require("mathjax-full/js/output/chtml.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
require("mathjax-full/js/input/tex/AllPackages.js");

const PACKAGES = [
  "base", "action", "ams", "configmacros", "mathtools", "mhchem", "newcommand", "noundefined",
  "html", "color", "bbox", "enclose", "unicode", "verb",
];

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

function typeset(cardHtml) {
  const tex = new TeX({
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: false,
    processEnvironments: false,
    processRefs: false,
    packages: PACKAGES,
  });
  const document = mathjax.document(`<!DOCTYPE html><html><head></head><body>${cardHtml}</body></html>`, {
    InputJax: tex,
    OutputJax: new CHTML({ fontURL: "about:blank" }),
  });
  document.render();
  const formulas = Array.from(document.math).map((item) => ({ tex: item.math, display: item.display }));
  const output = adaptor.innerHTML(adaptor.body(document.document));
  const links = Array.from(output.matchAll(/href="([^"]*)"/g), (match) => match[1]);
  return { formulas, links };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map(typeset)));
});

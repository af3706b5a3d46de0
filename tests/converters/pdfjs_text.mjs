// Text of a PDF as Firefox's viewer (pdf.js) gives it: each page's text items in content order,
// a line break where an item ends its line (hasEOL), items on a line joined as they are.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "fs";
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
let out = "";
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  const tc = await page.getTextContent();
  for (const it of tc.items) { out += it.str + (it.hasEOL ? "\n" : ""); }
  out += "\n";
}
process.stdout.write(out);

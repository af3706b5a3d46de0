#!/usr/bin/env bash
# Test-only converters for the converter suites (tests/converters, scripts/make_converter_suite.py):
# poppler's pdftotext and LibreOffice (system packages, as in bootstrap.sh), pandoc and w3m (installed
# here: GPL and MIT-style, test-only) and the Python ones of the `conv` extra (pypdf, pdfminer.six, pdfplumber,
# markitdown, pymupdf4llm; pypdfium2 is a runtime dependency already). None of it ships.
# Safe to run again; a failure here only warns, since the suites run on stored outputs.
set -uo pipefail
cd "$(dirname "$0")/.."
for tool in pdftotext soffice; do
  command -v "$tool" >/dev/null 2>&1 || echo "install_converters: $tool missing (bash scripts/bootstrap.sh installs it)" >&2
done
if ! .venv/bin/python -c "import pypdf, pdfminer, pdfplumber, markitdown, pymupdf4llm, inscriptis, mammoth, docx2txt, html2text" >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[conv]" \
    || echo "install_converters: could not install the conv extra; the suites use stored outputs" >&2
fi
# The converters only the suite generator runs (no test does: the suites are stored) are skipped
# in CI: pandoc, w3m and pdf.js.
if [ "${CI:-}" != "true" ]; then
missing=()
# tool:Debian package (the text browsers and MuPDF's mutool: session 14's MORE renderings; catdoc,
# antiword and wv's wvText for old .doc files: session 18's)
for pair in pandoc:pandoc w3m:w3m lynx:lynx links:links elinks:elinks mutool:mupdf-tools catdoc:catdoc antiword:antiword wvText:wv; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || echo "install_converters: could not install ${missing[*]}; the suites use stored outputs" >&2
fi
# pdf.js (Firefox's PDF viewer), run by node, for the pdfjs converter: into tests/converters/.pdfjs.
if command -v npm >/dev/null 2>&1 && [ ! -d tests/converters/.pdfjs/node_modules/pdfjs-dist ]; then
  npm install --silent --prefix tests/converters/.pdfjs pdfjs-dist@4 >/dev/null 2>&1 \
    || echo "install_converters: could not install pdfjs-dist; the suites use stored outputs" >&2
fi
fi

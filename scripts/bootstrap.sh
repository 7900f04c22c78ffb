#!/usr/bin/env bash
# Installs what sohoa needs on a fresh Debian machine, and nothing that is already there.
#   - Debian packages: tesseract-ocr (+ Vietnamese, OSD and English data: English reads figures), poppler-utils, jbig2dec, fonts-liberation2,
#     and what tesserocr is built with against the same Tesseract (libtesseract-dev, libleptonica-dev, g++, pkg-config)
#     (with SOHOA_BENCH=1 also ghostscript and unpaper, for the OCR benchmark's OCRmyPDF run;
#     with SOHOA_TESTS=1 also chromium (browser test of the HTML report), postgresql
#     (the catalogue tests run on SQLite and PostgreSQL), softhsm2 (PKCS#11 signing),
#     PDFBox's Preflight with a Java runtime (the archival copies' XMP) and LibreOffice Calc
#     (the Excel report))
#   - a virtualenv in .venv with the project and its test tools (pinned in pyproject.toml)
# Safe to run again: each step is skipped when its result is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata 2>/dev/null)" ] || need_apt+=(tesseract-ocr-vie)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/osd.traineddata 2>/dev/null)" ] || need_apt+=(tesseract-ocr-osd)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] || need_apt+=(tesseract-ocr-eng)
# tesserocr (Tesseract in-process) is compiled against the system's library, not taken as a
# wheel that bundles another Tesseract
[ -f /usr/include/tesseract/baseapi.h ] || need_apt+=(libtesseract-dev)
[ -f /usr/include/leptonica/allheaders.h ] || need_apt+=(libleptonica-dev)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
# (and Python's own headers, which Debian's python3.X leaves to python3.X-dev)
py_include=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
py_version=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ -f "$py_include/Python.h" ] || need_apt+=("python$py_version-dev")
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# a black-and-white scan stored as JBIG2 in a PDF is decoded by jbig2dec (through pikepdf)
command -v jbig2dec >/dev/null 2>&1 || need_apt+=(jbig2dec)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation2)
# the signature appearance on archival copies is set in Noto Sans (embedded, Vietnamese)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need_apt+=(fonts-noto-core)
if [ "${SOHOA_TESTS:-0}" = 1 ]; then
  # Only the tests need a browser: the HTML report is opened in headless Chromium.
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  # and the catalogue tests run on PostgreSQL too (Debian's cluster, started by the tests)
  command -v pg_lsclusters >/dev/null 2>&1 || need_apt+=(postgresql)
  # and signing with a key on a PKCS#11 token is tested on SoftHSM
  [ -f /usr/lib/softhsm/libsofthsm2.so ] || need_apt+=(softhsm2)
  # and PDFBox's Preflight reads the archival copies' XMP (a Java runtime, and the two
  # libraries Debian's PDFBox needs on Java 17)
  command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
  [ -f /usr/share/java/preflight.jar ] || need_apt+=(libpdfbox2-java)
  [ -f /usr/share/java/javax.activation.jar ] || need_apt+=(libactivation-java)
  [ -f /usr/share/java/jaxb-api.jar ] || need_apt+=(libjaxb-api-java)
  # and the Excel report is opened in LibreOffice (numbers, percentages and dates as such)
  command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
fi
if [ "${SOHOA_BENCH:-0}" = 1 ]; then
  # Only the OCR benchmark's comparison run (OCRmyPDF --clean) needs these.
  command -v gs >/dev/null 2>&1 || need_apt+=(ghostscript)
  command -v unpaper >/dev/null 2>&1 || need_apt+=(unpaper)
  # The OCR corpus builder (benchmarks/corpus/) sets its pages in these; it checks each for
  # Vietnamese (U+1EA0–U+1EF9) and skips those without (Nimbus Roman/Sans, Caladea; URW's
  # Z003 script is used for handwritten digits only).
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need_apt+=(fonts-dejavu-core)
  [ -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] || need_apt+=(fonts-noto-core)
  [ -f /usr/share/fonts/truetype/freefont/FreeSerif.ttf ] || need_apt+=(fonts-freefont-ttf)
  [ -f /usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf ] || need_apt+=(fonts-urw-base35)
  [ -f /usr/share/fonts/truetype/crosextra/Caladea-Regular.ttf ] || need_apt+=(fonts-crosextra-caladea)
  [ -f /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf ] || need_apt+=(fonts-crosextra-carlito)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "bootstrap: preparing the virtualenv in .venv"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q --no-binary tesserocr -e '.[dev,bench]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# the official units' data: apart, because its metadata asks Python >= 3.12 (see the file)
units_stamp=.venv/.units-$(sha256sum scripts/official-units.txt | cut -c1-16)
if [ ! -f "$units_stamp" ]; then
  .venv/bin/python -m pip install -q --no-deps --ignore-requires-python --require-hashes \
    -r scripts/official-units.txt
  rm -f .venv/.units-*
  touch "$units_stamp"
fi

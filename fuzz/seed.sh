#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the real-export corpus
# (tests/fixtures/real/) and the reading fixtures (crates/engine/tests/fixtures/read/).
# Idempotent; writes fuzz/corpus/<target>/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"
real=../tests/fixtures/real
fixtures=../crates/engine/tests/fixtures/read
mkdir -p corpus/read_and_infer corpus/sav corpus/xls corpus/xlsx_parts corpus/ods_content

# read_and_infer: every real export and reading fixture, whatever its format.
cp "$real"/*.csv "$real"/*.xlsx "$real"/*.sav "$real"/*.zsav corpus/read_and_infer/
cp "$fixtures"/*.csv "$fixtures"/*.xlsx "$fixtures"/*.ods "$fixtures"/*.sav corpus/read_and_infer/
# sav: the SPSS, PSPP and ReadStat files, and the regressions found so far.
cp "$real"/*.sav "$real"/*.zsav "$fixtures"/survey.sav corpus/sav/
cp regressions/*.sav regressions/*.bin corpus/sav/

python3 - "$real" "$fixtures" <<'PY'
import csv, io, sys, zipfile, pathlib
real, fixtures = map(pathlib.Path, sys.argv[1:])
SEP = b"\n@@PART@@\n"
# xlsx_parts: first sheet, second sheet and shared strings of each real XLSX export.
for book in sorted(list(real.glob("*.xlsx")) + list(fixtures.glob("*.xlsx"))):
    z = zipfile.ZipFile(book)
    names = z.namelist()
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    shared = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""
    first = z.read(sheets[0]) if sheets else b""
    second = z.read(sheets[1]) if len(sheets) > 1 else b""
    pathlib.Path("corpus/xlsx_parts", book.name + ".parts").write_bytes(first + SEP + second + SEP + shared)
# ods_content: the content.xml of the ODS fixture.
for book in fixtures.glob("*.ods"):
    pathlib.Path("corpus/ods_content", book.name + ".content.xml").write_bytes(zipfile.ZipFile(book).read("content.xml"))
# xls: the first 40 rows of each real CSV export, written as BIFF8 by xlwt.
try:
    import xlwt
except ImportError:
    sys.exit("pip install xlwt (the XLS seeds are written with it)")
for path in sorted(real.glob("*.csv")):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    delim = ";" if text.count(";") > text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))[:40]
    book = xlwt.Workbook()
    sheet = book.add_sheet("Blad1")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row[:60]):
            try:
                value = float(cell) if cell.strip() and r > 0 else cell[:200]
            except ValueError:
                value = cell[:200]
            sheet.write(r, c, value)
    book.save(f"corpus/xls/{path.stem}.xls")
PY
for d in corpus/*; do echo "$d: $(ls "$d" | wc -l) files, $(du -sk "$d" | cut -f1) KiB"; done

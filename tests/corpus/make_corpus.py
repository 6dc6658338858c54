#!/usr/bin/env python3
"""Writes the broken and hostile input files of tests/corpus (run from this folder).

Only the standard library: workbooks are zipped XML written by hand, so each file holds
exactly the quirk it is meant to test. Huge cases (zip bomb, 16,384 columns, 1 MB cell) are
built by tests/suite/corpus.rs at run time instead of being stored here.
"""
import io
import struct
import zipfile

HEADER = ["单位名称", "核定编制数", "实有人数"]


def write(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(r, c, v, style=None):
    ref = f"{col(c)}{r + 1}"
    s = f' s="{style}"' if style is not None else ""
    if v is None:
        return ""
    if isinstance(v, tuple):  # ("e", "#DIV/0!") error, ("d", serial) date-formatted number
        kind, val = v
        if kind == "e":
            return f'<c r="{ref}" t="e"><v>{val}</v></c>'
        return f'<c r="{ref}" s="1"><v>{val}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"{s}><v>{v}</v></c>'
    text = v.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"{s}><is><t>{text}</t></is></c>'


def sheet_xml(rows, merges=(), dimension=None, extra_cells=""):
    body = "".join(
        f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    m = ""
    if merges:
        m = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{x}"/>' for x in merges) + "</mergeCells>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}{extra_cells}</sheetData>{m}</worksheet>"
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)


def xlsx(sheets, styles=False):
    """sheets: list of (name, sheet xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        ct = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(len(sheets))
            )
            + "</Types>"
        )
        z.writestr("[Content_Types].xml", ct)
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
            + "</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        if styles:
            rels += '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            z.writestr("xl/styles.xml", STYLES)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels + "</Relationships>",
        )
        for i, (_, xml) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    return buf.getvalue()


def ods(rows):
    def c(v):
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    return ods_body("".join("<table:table-row>" + "".join(c(v) for v in row) + "</table:table-row>" for row in rows))


def ods_body(body):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="编制">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            zipfile.ZIP_DEFLATED,
        )
    return buf.getvalue()


def cfb(streams):
    """A minimal compound file (OLE2, 512-byte sectors) holding the named streams, each stored
    in regular sectors (padded to 4096 bytes so no mini stream is needed)."""
    sector = 512
    data_sectors = []
    entries = []
    next_sector = 0
    for name, payload in streams:
        payload = payload + b"\0" * (4096 - len(payload)) if len(payload) < 4096 else payload
        n = (len(payload) + sector - 1) // sector
        entries.append((name, next_sector, len(payload), n))
        data_sectors.append(payload + b"\0" * (n * sector - len(payload)))
        next_sector += n
    dir_sector = next_sector
    fat_sector = next_sector + 1
    total = fat_sector + 1
    fat = []
    for _, start, _, n in entries:
        for i in range(n):
            fat.append(start + i + 1 if i + 1 < n else 0xFFFFFFFE)
    fat.append(0xFFFFFFFE)  # directory chain
    fat.append(0xFFFFFFFD)  # the FAT sector itself
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))

    def dirent(name, kind, start, size, child=0xFFFFFFFF, left=0xFFFFFFFF, right=0xFFFFFFFF):
        n = name.encode("utf-16-le") + b"\0\0"
        return (
            n.ljust(64, b"\0")
            + struct.pack("<HBB", len(n), kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    d = dirent("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    for i, (name, start, size, _) in enumerate(entries):
        right = i + 2 if i + 1 < len(entries) else 0xFFFFFFFF
        d += dirent(name, 2, start, size, right=right)
    d = d.ljust(sector, b"\0")
    header = (
        bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIII", 0, 1, dir_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
        + struct.pack("<I", 0)
        + struct.pack("<I", fat_sector)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )
    assert len(header) == 512, len(header)
    assert total == fat_sector + 1
    return header + b"".join(data_sectors) + d + struct.pack("<128I", *fat)


def csv(rows):
    return "".join(",".join(str(v) for v in r) + "\n" for r in rows)


def gbk(text):
    return text.encode("gbk")


STAFF = "单位名称,编制类型,核定编制数,实有人数\n区财政局,行政编制,12,11\n区统计局,行政编制,9,9\n区档案馆,事业编制,6,4\n"

good = xlsx([("编制", sheet_xml([HEADER, ["区财政局", 12, 11]]))])

write("empty.xlsx", b"")
write("blank_lines.csv", "\n  \n\t\n")
write("bom_only.csv", b"\xef\xbb\xbf")
write("truncated.xlsx", good[: len(good) // 2])
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("readme.txt", "hello")
write("not_a_workbook.xlsx", buf.getvalue())
write(
    "excel_errors.xlsx",
    xlsx(
        [
            (
                "编制",
                sheet_xml(
                    [
                        HEADER,
                        ["区财政局", ("e", "#DIV/0!"), 11],
                        ["区统计局", 9, ("e", "#REF!")],
                        ["区档案馆", ("e", "#N/A"), 4],
                    ]
                ),
            )
        ]
    ),
)
write(
    "dates_and_text.xlsx",
    xlsx([("编制", sheet_xml([HEADER, ["区财政局", ("d", 45658), 11], ["区统计局", 9, "九人"]]))], styles=True),
)
write(
    "duplicate_units.csv",
    "单位名称,编制类型,核定编制数,实有人数\n区财政局,行政编制,12,11\n区 财政局,行政编制,3,3\n"
    "区财政局\u3000,行政编制,1,1\nＡＢＣ中心,事业编制,5,5\nABC中心,事业编制,2,2\n",
)
write("negative.csv", "单位名称,核定编制数,实有人数\n区财政局,-3,11\n区统计局,9,-1\n")
write(
    "repeated_header.csv",
    "单位名称,核定编制数,实有人数\n区财政局,12,11\n单位名称,核定编制数,实有人数\n区统计局,9,9\n",
)
write(
    "merged_data.xlsx",
    xlsx(
        [
            (
                "编制",
                sheet_xml(
                    [
                        ["主管部门", "单位名称", "编制类型", "核定编制数", "实有人数"],
                        ["区政府", "区财政局", "行政编制", 12, 10],
                        [None, "区财政局", "事业编制", None, 2],
                        ["区委", "区档案馆", "事业编制", 6, 4],
                    ],
                    merges=["A2:A3", "D2:D3"],
                ),
            )
        ]
    ),
)
write(
    "password.xlsx",
    cfb([("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00"), ("EncryptedPackage", b"\x10\x00" + b"\xaa" * 64)]),
)
write("gbk_with_utf8_bom.csv", b"\xef\xbb\xbf" + gbk(STAFF))
write("gbk_named_utf8.csv", gbk("青川区机构编制情况统计表\n" + STAFF))
junk = bytes((i * 2654435761 >> 13) & 0xFF for i in range(6000))
write("junk.csv", junk)
write(
    "ragged.csv",
    "单位名称,核定编制数,实有人数\n区财政局,12,11,多出来的,列\n区统计局,9\n区档案馆\n区水务局,5,5\n",
)
write("zero_bytes.xlsx", b"\0" * 4096)
write(
    "web_export.xls",
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head><body>'
    "<table><tr><td>单位名称</td><td>核定编制数</td><td>实有人数</td></tr>"
    "<tr><td>区财政局</td><td>12</td><td>11</td></tr></table></body></html>\n",
)
write(
    "spreadsheetml_2003.xls",
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="编制"><Table>'
    '<Row><Cell><Data ss:Type="String">单位名称</Data></Cell><Cell><Data ss:Type="String">核定编制数</Data></Cell></Row>'
    '<Row><Cell><Data ss:Type="String">区财政局</Data></Cell><Cell><Data ss:Type="Number">12</Data></Cell></Row>'
    "</Table></Worksheet></Workbook>\n",
)
staffing_ods = ods([HEADER, ["区水务局", 15, 14], ["区林业局", 8, 8]])
write("staffing.ods", staffing_ods)
write("truncated.ods", staffing_ods[: len(staffing_ods) * 2 // 3])
utf16_text = "单位名称\t核定编制数\t实有人数\r\n区财政局\t12\t11\r\n区统计局\t9\t9\r\n"
write("utf16le_bom.csv", b"\xff\xfe" + utf16_text.encode("utf-16-le"))
write("utf16le_no_bom.csv", utf16_text.encode("utf-16-le"))
write("utf16be_bom.csv", b"\xfe\xff" + utf16_text.encode("utf-16-be"))
write("header_only.csv", "单位名称,核定编制数,实有人数\n")
write("total_only.csv", "单位名称,核定编制数,实有人数\n合计,21,20\n")
write("no_header.csv", "1,2,3\n4,5,6\n")
write("no_unit_column.csv", "序号,核定编制数,实有人数\n1,3,2\n")
write("header_below_row_40.csv", "说明\n" * 45 + "单位名称,核定编制数,实有人数\n区财政局,12,11\n")
write("unclosed_quote.csv", '单位名称,核定编制数,实有人数\n"区财政局,12,11\n区统计局,9,9\n')
write(
    "far_cell.xlsx",
    xlsx([("编制", sheet_xml([HEADER, ["区财政局", 12, 11]], extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))]),
)
write(
    "huge_dimension.xlsx",
    xlsx([("编制", sheet_xml([HEADER, ["区财政局", 12, 11]], dimension="A1:XFD1048576"))]),
)
write(
    "formula_text.csv",
    '单位名称,核定编制数,实有人数\n"=HYPERLINK(""http://example.invalid"",""点击"")",3,3\n+区统计局,9,9\n@SUM(A1),1,1\n',
)
write(
    "instructions_only.xlsx",
    xlsx([("填表说明", sheet_xml([["请按单位填写核定编制数和实有人数。"], ["数据截至 12 月 31 日。"]]))]),
)
write(
    "survey_bad_numbers.csv",
    "单位名称,工作事项,频次周期,频次,每次用时（小时）\n区财政局,公文办理,每日,三次,0.5\n区财政局,会议组织,每月,2,-4\n区财政局,统计报表,每年,2,#VALUE!\n",
)
write("newline_in_name.csv", '单位名称,核定编制数,实有人数\n"区财政局\n国库支付中心",12,11\n')
with open("../fixtures/staffing.xls", "rb") as f:
    xls = f.read()
write("truncated.xls", xls[: len(xls) // 3])

# Hostile xls, patched in place from the WPS-style fixture (the container stays valid): a
# DIMENSIONS record declaring four billion rows, and a stray cell at IV65536 with the
# dimensions Excel then writes.
import re
import struct

dims = xls.find(b"\x00\x02\x0e\x00")
huge = bytearray(xls)
struct.pack_into("<IIHH", huge, dims + 4, 0, 0xFFFFFFFF, 0, 6)
write("huge_dimension.xls", bytes(huge))
far = bytearray(xls)
struct.pack_into("<IIHH", far, dims + 4, 0, 65536, 0, 256)
last_sst = [m.start() for m in re.finditer(re.escape(b"\xfd\x00\x0a\x00"), xls)][-1]
struct.pack_into("<HH", far, last_sst + 4, 65535, 255)
write("far_cell.xls", bytes(far))

# Hostile ods: repeats that expand to 99 million cells, and one cell 1,048,003 rows down in the
# last column (the ods reader expands both densely when it opens the file).
VALUE = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
TEXT = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
ODS_HEAD = "<table:table-row>" + "".join(TEXT.format(h) for h in HEADER) + "</table:table-row>"
ODS_ROW = "<table:table-row>" + TEXT.format("区财政局") + VALUE + VALUE + "</table:table-row>"
write(
    "repeated_cells.ods",
    ods_body(
        ODS_HEAD
        + ODS_ROW
        + '<table:table-row table:number-rows-repeated="990000"><table:table-cell table:number-columns-repeated="100" '
        + 'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    ),
)
write(
    "far_cell.ods",
    ods_body(
        ODS_HEAD
        + ODS_ROW
        + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        + '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        + VALUE
        + "</table:table-row>"
    ),
)

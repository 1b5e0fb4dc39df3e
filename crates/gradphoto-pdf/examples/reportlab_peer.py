"""The peer in the pdf_bench example: the same timetable PDF made with Python's reportlab.

Same font (the committed Noto Sans SC Regular TTF, which reportlab subsets too), same A4 page,
same three-column ruled table with a repeated header, class lists wrapped CJK-style, the
changes section and the footer. Prints the font registration time, then the median and p99
of N document builds and the size of the last one.

Usage: python3 reportlab_peer.py FONT.ttf ROWS.tsv N OUT.pdf   (called by pdf_bench)
"""
import io
import statistics
import sys
import time

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

font_path, rows_path, runs, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

started = time.perf_counter()
pdfmetrics.registerFont(TTFont("NotoSansSC", font_path))
print(f"reportlab {__import__('reportlab').Version}: font registration {1000 * (time.perf_counter() - started):.1f} ms")

rows, changes, meta = [], {}, {}
with open(rows_path, encoding="utf-8") as f:
    for line in f:
        kind, *rest = line.rstrip("\n").split("\t")
        if kind == "row":
            rows.append(rest)
        elif kind == "change":
            changes.setdefault(rest[0], []).append(rest[1])
        else:
            meta[kind] = rest[0]

body = ParagraphStyle("body", fontName="NotoSansSC", fontSize=10.5, leading=16.3, wordWrap="CJK")
centre = ParagraphStyle("centre", parent=body, alignment=1)
title = ParagraphStyle("title", parent=body, fontSize=16, leading=24.8, alignment=1)
heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18.6)
right = ParagraphStyle("right", parent=body, alignment=2)
indented = ParagraphStyle("indented", parent=body, leftIndent=21)


def build():
    story = [Paragraph(meta["title"], title), Paragraph(meta["version"], centre),
             Spacer(1, 8), Paragraph(meta["venue"], body), Spacer(1, 6)]
    data = [[Paragraph("照相日期", centre), Paragraph("时间", centre), Paragraph("班级", centre)]]
    spans, start = [], 1
    for i, (date, slot, classes) in enumerate(rows):
        data.append([Paragraph(date, centre), Paragraph(slot, centre), Paragraph(classes, body)])
        last = i + 1 == len(rows) or rows[i + 1][0] != date
        if last:
            spans.append(("SPAN", (0, start), (0, i + 1)))
            start = i + 2
    width = A4[0] - 40 * mm
    table = Table(data, colWidths=[92, 100, width - 192], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + spans))
    story.append(table)
    if changes:
        story += [Spacer(1, 16), Paragraph("变更（与上一版相比）", heading)]
        for college, lines in changes.items():
            story.append(Paragraph(college, body))
            story += [Paragraph(line, indented) for line in lines]
    story += [Spacer(1, 24), Paragraph(meta["footer"], right)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(story)
    return buf.getvalue()


pdf = build()  # warm-up, like the Rust side's first document
times = []
for _ in range(runs):
    started = time.perf_counter()
    pdf = build()
    times.append(1000 * (time.perf_counter() - started))
times.sort()
p99 = times[min(len(times) - 1, round((len(times) - 1) * 0.99))]
print(f"reportlab (same font, subset): median {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, {len(pdf)} bytes")
with open(out_path, "wb") as f:
    f.write(pdf)

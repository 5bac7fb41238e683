"""The parts of a transcript around the turns: the header block (title, date, place, start time)
and the closing lines (end time, ``END``), kept as event metadata and out of the turns.
"""
from __future__ import annotations

import datetime as _dt
import re

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


#: Header lines that hold a date: "October 29, 2016", "2016-10-29", "12/10/2019 05:21 PM EST".
_DATE_LINE = re.compile(
    rf"^\(?(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})\)?$"
    r"|^(?P<iso>\d{4}-\d{2}-\d{2})$"
    r"|^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?)?$"
)

#: A clock-time line: "1:02 P.M. EDT", "10:15 AM", "*2:34 p.m. EST*".
TIME_LINE = re.compile(r"^[*_ \t\u00a0]*(?P<h>\d{1,2}):(?P<m>\d{2})\s*(?P<ap>[AaPp])\.?\s*[Mm]\.?"
                       r"(?:\s+(?P<tz>[A-Z]{2,5}))?[*_ \t\u00a0]*$")

#: A closing line: "END", "END 3:52 P.M. EDT".
END_LINE = re.compile(r"^[*_ \t\u00a0]*END\b[\s.:]*(?P<time>\d{1,2}:\d{2}\s*[AaPp]\.?\s*[Mm]\.?(?:\s+[A-Z]{2,5})?)?"
                      r"[*_ \t\u00a0]*$")

_BLANK = re.compile(r"^[\s\u00a0]*$")


def iso_date(line: str) -> str:
    """The ISO form of a header date line, or ``""`` if it is not a valid date."""
    m = _DATE_LINE.match(line)
    if not m:
        return ""
    try:
        if m["iso"]:
            return _dt.date.fromisoformat(m["iso"]).isoformat()
        if m["month"]:
            return _dt.date(int(m["year"]), _MONTHS.index(m["month"]) + 1, int(m["day"])).isoformat()
        return _dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
    except ValueError:
        return ""


def clock(line: str) -> str:
    """``"1:02 P.M. EDT"`` -> ``"13:02 EDT"``; ``""`` if the line is not a clock time."""
    m = TIME_LINE.match(line) or END_LINE.match(line)
    if m and "time" in m.groupdict():
        if not m["time"]:
            return ""
        m = TIME_LINE.match(m["time"])
    if not m:
        return ""
    h, minute = int(m["h"]), int(m["m"])
    if not (1 <= h <= 12 and minute < 60):
        return ""
    h = h % 12 + (12 if m["ap"].lower() == "p" else 0)
    return f"{h:02d}:{minute:02d}" + (f" {m['tz']}" if m["tz"] else "")


def duration_minutes(start: str, end: str) -> float:
    """Minutes from ``start`` to ``end`` (``"HH:MM ..."``), over midnight if need be; NaN if unknown."""
    if not start or not end:
        return float("nan")
    a = int(start[:2]) * 60 + int(start[3:5])
    b = int(end[:2]) * 60 + int(end[3:5])
    return float((b - a) % (24 * 60))


def footer_start(text: str, lo: int) -> int:
    """Offset where the closing lines (clock time, ``END``, blank lines) begin, at or after ``lo``;
    ``len(text)`` if the text does not end with a clock time or ``END`` line."""
    pos = len(text)
    found = len(text)
    while pos > lo:
        nl = text.rfind("\n", lo, pos - 1 if text[pos - 1:pos] == "\n" else pos)
        line_start = nl + 1 if nl >= lo else lo
        line = text[line_start:pos].strip("\r\n")
        if _BLANK.match(line):
            pos = line_start
            continue
        if TIME_LINE.match(line) or END_LINE.match(line):
            found = pos = line_start
            continue
        break
    return found


def parse_header(text: str, start: int, end: int, skip: int = 0) -> dict:
    """Facts of the header block ``text[start:end]``; the first ``skip`` characters (front matter) are
    not read for the title."""
    lines = [ln.strip(" \t\r\u00a0*_") for ln in text[max(start, skip):end].splitlines()]
    lines = [ln for ln in lines if ln]
    date = next((ln for ln in lines if iso_date(ln)), "")
    times = [clock(ln) for ln in lines if TIME_LINE.match(ln)]
    words = [ln for ln in lines if not TIME_LINE.match(ln) and not iso_date(ln)]
    return {
        "header_start": start,
        "header_end": end,
        "header_title": words[0] if words else "",
        "header_date": date,
        "header_date_iso": iso_date(date) if date else "",
        "header_text": " | ".join(lines),
        "start_time": times[0] if times else "",
    }


def parse_footer(text: str, start: int) -> dict:
    """Facts of the closing lines ``text[start:]``: ``end_time`` and whether an ``END`` line is there."""
    lines = [ln.strip() for ln in text[start:].splitlines() if ln.strip(" \t\r\u00a0")]
    times = [clock(ln) for ln in lines if clock(ln)]
    return {"footer_start": start, "footer_end": len(text), "end_time": times[-1] if times else "",
            "has_end_line": any(END_LINE.match(ln) for ln in lines)}

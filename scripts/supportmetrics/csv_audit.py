"""An independent audit of one CSV file before the warehouse engine parses it.

The engine's CSV reader (DuckDB) decides where records end; when a quote is not closed it can
read hundreds of following lines as one field and still report a "clean" load. The audit reads
the file a second time with Python's `csv` module in strict mode and keeps, for every record,
the physical lines it spans, so the loader can check `file records = rows loaded + lines
rejected` and point at the lines to fix. It also settles the file's encoding (UTF-8 loads as is,
UTF-16/UTF-32 are transcoded to UTF-8, anything else stops the load with the detected encoding)
and checks the header (duplicate names stop the load; unnamed columns are named `_unnamed_<n>`
and ignored like any column outside the contract).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator

from supportmetrics.errors import LoadError

# Encodings that are unambiguous once detected (a BOM or the byte pattern of 2/4-byte code
# units) and are transcoded to UTF-8 before loading. Single-byte code pages (Latin-1, cp1252,
# cp1250, ...) cannot be told apart reliably from a few accented letters: loading them under a
# guessed code page would silently change names and texts, so they stop the load instead.
TRANSCODED_ENCODINGS = ("utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
UNNAMED_PREFIX = "_unnamed_"


@dataclass(frozen=True)
class RecordSpan:
    """One record of the file: its physical lines (1-based, header = line 1) and field count."""

    first_line: int
    last_line: int
    fields: int
    error: str | None = None  # the strict parser's complaint, when it had one


@dataclass
class CsvAudit:
    """What the file holds, counted without the loading engine.

    Records are kept compactly (a file may hold millions): the first physical line of every
    record, in the engine's numbering (blank lines included), plus the full span of the few
    records that run over several lines or that the strict parser complained about.
    """

    path: Path
    encoding: str  # Python codec name the file was read with
    header: list[str]
    header_notes: list[str] = field(default_factory=list)
    first_lines: array = field(default_factory=lambda: array("q"))
    blank: set[int] = field(default_factory=set)  # indexes of blank lines (not records)
    spans: dict[int, RecordSpan] = field(default_factory=dict)  # multi-line or erroneous records
    last_line: int = 1

    @property
    def needs_transcoding(self) -> bool:
        return self.encoding not in ("utf_8", "utf_8_sig")

    @property
    def record_count(self) -> int:
        """Data records in the file (blank lines are not records)."""
        return len(self.first_lines) - len(self.blank)

    def add(self, span: RecordSpan | None, first_line: int) -> None:
        index = len(self.first_lines)
        self.first_lines.append(first_line)
        if span is None:
            self.blank.add(index)
        elif span.last_line != span.first_line or span.error is not None:
            self.spans[index] = span
        self.last_line = max(self.last_line, span.last_line if span else first_line)

    def span_of(self, engine_record: int) -> RecordSpan | None:
        """The physical lines of the engine's record number `engine_record` (header = 1, blank
        lines counted, as DuckDB numbers its rejects)."""
        index = engine_record - 2
        if not 0 <= index < len(self.first_lines) or index in self.blank:
            return None
        first = self.first_lines[index]
        return self.spans.get(index) or RecordSpan(first, first, len(self.header))

    def swallowed(self) -> list[RecordSpan]:
        """Records that run over several physical lines and are broken: an unbalanced quote
        made the parser read the following lines into one field."""
        width = len(self.header)
        return [r for _, r in sorted(self.spans.items()) if r.last_line > r.first_line
                and (r.error is not None or r.fields != width)]


def lines_text(span: RecordSpan) -> str:
    return f"line {span.first_line}" if span.first_line == span.last_line else f"lines {span.first_line}..{span.last_line}"


def _open_binary(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _bom_encoding(head: bytes) -> str | None:
    return next((enc for bom, enc in BOMS if head.startswith(bom)), None)


def _first_bad_byte(path: Path) -> tuple[int, int, bytes]:
    """Line and column (1-based) of the first byte that is not valid UTF-8, and the byte."""
    with _open_binary(path) as handle:
        for line_number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(line[: exc.start].decode("utf-8")) + 1
                return line_number, column, line[exc.start: exc.start + 1]
    return 1, 1, b""


def detect_encoding(path: Path) -> str:
    """The codec to read `path` with, or LoadError naming the detected encoding."""
    with _open_binary(path) as handle:
        head = handle.read(4)
    bom = _bom_encoding(head)
    if bom:
        return bom
    try:
        with _open_binary(path) as handle:
            reader = codecs.getreader("utf-8")(handle)
            while reader.read(1 << 20):
                pass
        return "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    with _open_binary(path) as handle:
        best = from_bytes(handle.read(8 << 20)).best()
    detected = best.encoding if best is not None else None
    if detected in TRANSCODED_ENCODINGS:
        return detected
    line, column, byte = _first_bad_byte(path)
    where = f"line {line}, column {column}: byte 0x{byte.hex()} is not UTF-8" if byte else "not UTF-8"
    name = detected or "not text in any known encoding (binary?)"
    raise LoadError(f"{path} is {name} ({where}); re-export it as UTF-8")


def _text_stream(path: Path, encoding: str) -> IO[str]:
    return io.TextIOWrapper(_open_binary(path), encoding=encoding, newline="")


def _normalise_header(path: Path, raw: list[str]) -> tuple[list[str], list[str]]:
    names = [c.strip() for c in raw]
    notes: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            names[position - 1] = f"{UNNAMED_PREFIX}{position}"
            notes.append(f"{path}, line 1 (header), column {position}: no column name; its values are ignored")
            continue
        key = name.lower()
        if key in seen:
            raise LoadError(
                f"{path}, line 1 (header): column '{name}' appears twice (columns {seen[key]} and {position}); "
                "rename or remove one of them and re-export"
            )
        seen[key] = position
    return names, notes


def _records(reader: Iterator[list[str]], line_num: Callable[[], int]) -> Iterator[tuple[int, RecordSpan | None]]:
    """(first physical line, span) per record; span None for a blank line."""
    previous = line_num()
    while True:
        first = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = max(line_num(), first)
            previous = last
            yield first, RecordSpan(first, last, 0, str(exc))
            continue
        last = line_num()
        previous = last
        yield first, (None if not row else RecordSpan(first, last, len(row)))


def audit_csv(path: Path) -> CsvAudit | None:
    """Audit `path`; None when the file holds no header row at all."""
    encoding = detect_encoding(path)
    csv.field_size_limit(sys.maxsize)
    with _text_stream(path, encoding) as handle:
        reader = csv.reader(handle, strict=True)
        try:
            raw_header = next(reader, None)
        except csv.Error as exc:
            raise LoadError(f"{path}, line 1 (header): cannot be read as CSV: {exc}") from None
        if raw_header is not None and raw_header and raw_header[0].startswith("\ufeff"):
            raw_header[0] = raw_header[0][1:]
        if not raw_header or not any(c.strip() for c in raw_header):
            return None
        header, notes = _normalise_header(path, raw_header)
        audit = CsvAudit(path=path, encoding=encoding, header=header, header_notes=notes)
        for first_line, span in _records(reader, lambda: reader.line_num):
            audit.add(span, first_line)
    return audit


def transcode_to_utf8(audit: CsvAudit, target: Path) -> Path:
    """Write the file as UTF-8 (for the engine) and return the new path."""
    with _text_stream(audit.path, audit.encoding) as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
    return target

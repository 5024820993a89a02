"""Message bodies as the Exchange store keeps them: plain text, HTML and compressed RTF.

A message has one *native* body, the one a client (or the world file) wrote; the store derives
the others from it when they are read (MS-OXCMSG 3.2.4.1: "the server SHOULD convert whatever
body property it has for the message into the requested format ... The semantics for
converting from one body format to another are implementation-dependent"). The conversions
here are this model's own and are stable (R14):

* text -> RTF: a ``\\fromtext`` RTF document (MS-OXRTFEX 2.1.3.1.1), compressed with LZFu
  (MS-OXRTFCP 2.2.1, the ``compressed-rtf`` package: byte for byte the specification's examples);
* HTML -> RTF: a ``\\fromhtml1`` RTF document that encapsulates the HTML (MS-OXRTFEX 2.1.3.1.2):
  every tag in a ``{\\*\\htmltag64 ...}`` group, text as RTF text, so pywin32's
  ``RTFStreamToHTML`` gives the HTML back byte for byte;
* RTF -> HTML: de-encapsulation with the rules of pywin32's ``decodertfhtml`` (mapi.i), only for
  ``\\fromhtml`` RTF;
* RTF -> text: the visible text of the RTF (control words and destinations dropped, ``\\par`` as
  CRLF); HTML -> text: the visible text of the HTML (tags dropped, block ends as CRLF);
* text -> HTML: the text escaped, lines joined with ``<br>``.

PR_NATIVE_BODY_INFO (MS-OXCMSG 2.2.1.58.2: 1 plain text, 2 RTF, 3 HTML) and PR_RTF_IN_SYNC are
derived too. PR_HTML (PT_BINARY) and PR_BODY_HTML (PT_STRING8 / PT_UNICODE) share the id 0x1013:
the HTML's bytes are kept as they were written and read as text with the message's
PR_INTERNET_CPID code page (65001, UTF-8, when it has none).
"""

from __future__ import annotations

import functools
import html
import html.parser
import re
from typing import Any

import compressed_rtf  # type: ignore[import-untyped]

from fakemapi.props import Bag, codec_of
from fakemapi.world import lzfu

PR_BODY = 0x1000001F
PR_RTF_COMPRESSED = 0x10090102
PR_HTML = 0x10130102
PR_BODY_HTML = 0x1013001F
PR_NATIVE_BODY_INFO = 0x10160003
PR_RTF_IN_SYNC = 0x0E1F000B
PR_INTERNET_CPID = 0x3FDE0003

BODY_ID, RTF_ID, HTML_ID = PR_BODY >> 16, PR_RTF_COMPRESSED >> 16, PR_HTML >> 16
NATIVE_ID, IN_SYNC_ID, CPID_ID = PR_NATIVE_BODY_INFO >> 16, PR_RTF_IN_SYNC >> 16, PR_INTERNET_CPID >> 16
#: the ids of the three body properties
BODY_IDS = frozenset({BODY_ID, RTF_ID, HTML_ID})

NATIVE_UNDEFINED, NATIVE_TEXT, NATIVE_RTF, NATIVE_HTML = 0, 1, 2, 3


# =========================================================================================
# LZFu (MS-OXRTFCP)
def compress_rtf(rtf: bytes, compressed: bool = True) -> bytes:
    """PR_RTF_COMPRESSED's bytes for ``rtf``: LZFu (COMPRESSED) or, with ``compressed`` False,
    the uncompressed MELA form (MS-OXRTFCP 2.1.3.1)."""
    if compressed:
        return lzfu.compress(rtf)  # the same bytes as compressed-rtf's, faster (world/lzfu.py)
    return bytes(compressed_rtf.compress(rtf, compressed=False))


def decompress_rtf(data: bytes) -> bytes:
    """The RTF in PR_RTF_COMPRESSED's bytes; ValueError when they are not LZFu or MELA."""
    try:
        return bytes(compressed_rtf.decompress(data))
    except Exception as err:  # the library raises bare Exceptions on bad headers and CRCs
        raise ValueError(f"not a compressed RTF stream: {err}") from None


# =========================================================================================
# RTF kinds and de-encapsulation
def rtf_origin(rtf: bytes) -> str | None:
    """``"html"`` or ``"text"`` as the first ``\\from`` control word says, else None (pywin32's
    ``isrtfhtml`` looks at the first ``\\from`` only; mapi.i)."""
    at = rtf.find(b"\\from")
    if at < 0:
        return None
    if rtf.startswith(b"\\fromhtml", at):
        return "html"
    if rtf.startswith(b"\\fromtext", at):
        return "text"
    return None


_NUM = re.compile(rb"\d*")


def rtf_to_html(rtf: bytes) -> bytes | None:
    """The HTML a ``\\fromhtml`` RTF encapsulates, by the rules pywin32's ``RTFStreamToHTML``
    applies (mapi.i ``decodertfhtml``); None for other RTF."""
    if rtf_origin(rtf) != "html":
        return None
    c = rtf.find(b"{\\*\\htmltag")
    if c < 0:
        c = len(rtf)
    out = bytearray()
    end = len(rtf)
    ignore_tag = -1
    while c < end:
        ch = rtf[c]
        if ch in (0x7B, 0x7D):  # { }
            c += 1
        elif rtf.startswith(b"\\*\\htmltag", c):
            c += 10
            digits = _NUM.match(rtf, c)
            assert digits is not None
            tag = int(digits.group() or b"0")
            c = digits.end()
            if c < end and rtf[c] == 0x20:
                c += 1
            if tag == ignore_tag:
                while c < end and rtf[c] != 0x7D:
                    c += 1
                if c < end:
                    c += 1
            ignore_tag = -1
        elif rtf.startswith(b"\\*\\mhtmltag", c):
            c += 11
            digits = _NUM.match(rtf, c)
            assert digits is not None
            ignore_tag = int(digits.group() or b"0")
            c = digits.end()
            if c < end and rtf[c] == 0x20:
                c += 1
        elif rtf.startswith(b"\\par", c):
            out += b"\r\n"
            c = _skip_space(rtf, c + 4)
        elif rtf.startswith(b"\\tab", c):
            out += b"   "
            c = _skip_space(rtf, c + 4)
        elif rtf.startswith(b"\\li", c):
            c = _skip_space(rtf, _NUM.match(rtf, c + 3).end())  # type: ignore[union-attr]
        elif rtf.startswith(b"\\fi-", c):
            c = _skip_space(rtf, _NUM.match(rtf, c + 4).end())  # type: ignore[union-attr]
        elif rtf.startswith(b"\\'", c):
            out.append(int(rtf[c + 2:c + 4], 16) & 0xFF if _is_hex(rtf[c + 2:c + 4]) else 0)
            c += 4
        elif rtf.startswith(b"\\pntext", c):
            c += 7
            while c < end and rtf[c] != 0x7D:
                c += 1
        elif rtf.startswith(b"\\htmlrtf", c):
            c += 1
            stop = rtf.find(b"\\htmlrtf0", c)
            c = end if stop < 0 else _skip_space(rtf, stop + 9)
        elif ch in (0x0D, 0x0A):
            c += 1
        elif rtf.startswith(b"\\{", c) or rtf.startswith(b"\\}", c):
            out.append(rtf[c + 1])
            c += 2
        else:
            out.append(ch)
            c += 1
    return bytes(out)


def _skip_space(data: bytes, at: int) -> int:
    return at + 1 if at < len(data) and data[at] == 0x20 else at


def _is_hex(pair: bytes) -> bool:
    return len(pair) == 2 and all(chr(b) in "0123456789abcdefABCDEF" for b in pair)


# =========================================================================================
# making RTF
_RTF_HEAD = (b"{\\rtf1\\ansi\\ansicpg1252\\%s \\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
             b"{\\f1\\fmodern Courier New;}}\r\n{\\*\\generator fakemapi;}\r\n")


def _rtf_escape_text(text: str) -> bytes:
    """Text as RTF: specials escaped, CRLF / LF as ``\\par``, characters beyond cp1252 as ``\\uN?``."""
    out = bytearray()
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if i:
            out += b"\\par\r\n"
        for ch in line:
            if ch in "\\{}":
                out += b"\\" + ch.encode("ascii")
            elif ch == "\t":
                out += b"\\tab "
            elif " " <= ch <= "~":
                out += ch.encode("ascii")
            else:
                try:
                    byte = ch.encode("cp1252")
                except UnicodeEncodeError:
                    code = ord(ch)
                    if code > 0xFFFF:  # RTF \u takes a signed 16-bit value: a surrogate pair
                        units = ch.encode("utf-16-le")
                        for k in range(0, 4, 2):
                            unit = int.from_bytes(units[k:k + 2], "little")
                            out += b"\\u%d?" % (unit - 0x10000 if unit > 0x7FFF else unit)
                    else:
                        out += b"\\u%d?" % (code - 0x10000 if code > 0x7FFF else code)
                else:
                    out += b"\\'%02x" % byte[0]
    return bytes(out)


def text_to_rtf(text: str) -> bytes:
    """A ``\\fromtext`` RTF document holding ``text``."""
    return (_RTF_HEAD % b"fromtext" + b"\\uc1\\pard\\plain\\f0\\fs20 " + _rtf_escape_text(text)
            + b"\\par\r\n}")


_TAG = re.compile(rb"<[^>]*>?")


def _html_bytes_escape(data: bytes) -> bytes:
    """HTML bytes as RTF text that de-encapsulates to the same bytes: ``{`` ``}`` escaped, every
    other byte outside printable ASCII (and the backslash) as ``\\'XX``."""
    out = bytearray()
    for b in data:
        if b in (0x7B, 0x7D):
            out += b"\\" + bytes((b,))
        elif 0x20 <= b <= 0x7E and b != 0x5C:
            out.append(b)
        else:
            out += b"\\'%02x" % b
    return bytes(out)


def html_to_rtf(data: bytes) -> bytes:
    """A ``\\fromhtml1`` RTF document encapsulating the HTML bytes ``data``."""
    parts = [_RTF_HEAD % b"fromhtml1"]
    at = 0
    for match in _TAG.finditer(data):
        if match.start() > at:
            parts.append(_html_bytes_escape(data[at:match.start()]))
        parts.append(b"{\\*\\htmltag64 " + _html_bytes_escape(match.group()) + b"}")
        at = match.end()
    if at < len(data):
        parts.append(_html_bytes_escape(data[at:]))
    parts.append(b"}")
    return b"".join(parts)


# =========================================================================================
# text from RTF and HTML
_SKIP_DESTINATIONS = frozenset({b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"header", b"footer",
                                b"listtable", b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl",
                                b"themedata", b"datastore", b"latentstyles", b"filetbl", b"revtbl"})
_CONTROL = re.compile(rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([\r\n]+)|([^\\{}\r\n]+)",
                      re.DOTALL)


_ANSICPG = re.compile(rb"\\ansicpg(\d+)")


def rtf_to_text(rtf: bytes, cpid: int | None = None) -> str:
    """The visible text of an RTF document (``\\fromhtml`` RTF: of the HTML it encapsulates, read in
    code page ``cpid``, by default the RTF's ``\\ansicpgN``)."""
    if rtf_origin(rtf) == "html":
        if cpid is None:
            page = _ANSICPG.search(rtf)
            cpid = int(page.group(1)) if page else 1252
        return html_to_text(rtf_to_html(rtf) or b"", cpid)
    out: list[str] = []
    stack: list[tuple[bool, int]] = []
    skip, uc, pending_skip = False, 1, 0
    first_in_group = False
    for m in _CONTROL.finditer(rtf):
        word, arg, hexpair, symbol, brace, _newline, text = m.groups()
        if brace is not None:
            if brace == b"{":
                stack.append((skip, uc))
                first_in_group = True
            elif stack:
                skip, uc = stack.pop()
            continue
        starts_group, first_in_group = first_in_group, False
        if symbol is not None:
            if symbol == b"*" and starts_group:
                skip = True
            elif not skip and symbol in (b"\\", b"{", b"}"):
                out.append(symbol.decode("ascii"))
            elif not skip and symbol == b"~":
                out.append("\u00a0")
            if symbol == b"*":
                first_in_group = starts_group
            continue
        if word is not None:
            if word in _SKIP_DESTINATIONS:
                skip = True
            elif skip:
                pass
            elif word in (b"par", b"line"):
                out.append("\r\n")
            elif word == b"tab":
                out.append("\t")
            elif word == b"uc":
                uc = int(arg or b"1")
            elif word == b"u":
                value = int(arg or b"0")
                out.append(chr(value + 0x10000 if value < 0 else value))
                pending_skip = uc
            continue
        if skip:
            continue
        if hexpair is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            out.append(bytes.fromhex(hexpair.decode("ascii")).decode("cp1252", "replace"))
        elif text is not None:
            chunk = text.decode("cp1252", "replace")
            if pending_skip:
                drop = min(pending_skip, len(chunk))
                chunk, pending_skip = chunk[drop:], pending_skip - drop
            out.append(chunk)
    joined = "".join(out)
    # join UTF-16 surrogate pairs written as two \u values
    joined = joined.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined.rstrip("\r\n") if joined.endswith("\r\n") else joined


_BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                     "pre", "blockquote", "hr"})


class _TextOf(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\r\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS and tag != "br":
            self.parts.append("\r\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data) if data.strip() else (" " if data and self.parts
                                                                               and not self.parts[-1].endswith("\n")
                                                                               else ""))


def html_to_text(data: bytes, cpid: int = 65001) -> str:
    """The visible text of an HTML body."""
    parser = _TextOf()
    parser.feed(decode_html(data, cpid))
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\r\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\r\n".join(lines)


def text_to_html(text: str) -> bytes:
    """An HTML document showing ``text`` (UTF-8)."""
    lines = text.replace("\r\n", "\n").split("\n")
    body = "<br>\r\n".join(html.escape(line, quote=False) for line in lines)
    return ("<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
            "</head>\r\n<body>\r\n" + body + "\r\n</body>\r\n</html>\r\n").encode("utf-8")


# =========================================================================================
# HTML bytes and text
def decode_html(data: bytes, cpid: int = 65001) -> str:
    return data.decode(codec_of(cpid), "replace")


def encode_html(text: str, cpid: int = 65001) -> bytes:
    return text.encode(codec_of(cpid), "replace")


# =========================================================================================
# the store's rules
def native_of(own: Bag) -> int:
    """The native body of a message with properties ``own``: the HTML if it has one, else the
    RTF, else the text (what Outlook writes together: HTML with its RTF and text renderings, RTF
    with its text rendering; the richest is the one it was written in)."""
    if HTML_ID in own:
        return NATIVE_HTML
    if RTF_ID in own:
        return NATIVE_RTF
    if BODY_ID in own:
        return NATIVE_TEXT
    return NATIVE_UNDEFINED


def cpid_of(own: Bag) -> int:
    entry = own.get(CPID_ID)
    return int(entry[1]) if entry is not None and isinstance(entry[1], int) else 65001


def html_bytes(own: Bag) -> bytes | None:
    """The message's HTML body as bytes, as it has it (PR_HTML or PR_BODY_HTML)."""
    entry = own.get(HTML_ID)
    if entry is None:
        return None
    value = entry[1]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return encode_html(str(value), cpid_of(own))


def derived(own: Bag, rtf: bool = True) -> Bag:
    """The body properties the store derives from the message's own ``own`` (none it has);
    PR_RTF_COMPRESSED only with ``rtf``."""
    native = native_of(own)
    if native == NATIVE_UNDEFINED:
        return {}
    out: Bag = {NATIVE_ID: (PR_NATIVE_BODY_INFO, native)}
    has_rtf = RTF_ID in own
    out[IN_SYNC_ID] = (PR_RTF_IN_SYNC, bool(own[IN_SYNC_ID][1]) if IN_SYNC_ID in own else True)
    text: str | None = None
    if BODY_ID not in own:
        if native == NATIVE_HTML:
            text = html_to_text(html_bytes(own) or b"", cpid_of(own))
        else:
            text = rtf_to_text(_rtf_of(own), cpid_of(own) if CPID_ID in own else None)
        out[BODY_ID] = (PR_BODY, text)
    if HTML_ID not in own:
        if native == NATIVE_RTF:
            source = _rtf_of(own)
            page = rtf_to_html(source)
            if page is None:
                page = text_to_html(text if text is not None else rtf_to_text(source))
            out[HTML_ID] = (PR_HTML, page)
        else:
            body = own[BODY_ID][1]
            out[HTML_ID] = (PR_HTML, text_to_html(str(body)))
    if not has_rtf and rtf:
        if native == NATIVE_HTML:
            made = html_to_rtf(html_bytes(own) or b"")
        else:
            made = text_to_rtf(str(own[BODY_ID][1]))
        out[RTF_ID] = (PR_RTF_COMPRESSED, compress_rtf(made))
    return out


def _rtf_of(own: Bag) -> bytes:
    try:
        return decompress_rtf(bytes(own[RTF_ID][1]))
    except ValueError:
        return b""


def convert_html_entry(entry: tuple[int, Any], asked: int, cpid: int) -> tuple[int, Any]:
    """PR_HTML read as PR_BODY_HTML (or the other way round): the same HTML, as bytes or text."""
    tag, value = entry
    if asked & 0xFFFF == 0x0102:
        return (asked, value if isinstance(value, (bytes, bytearray)) else encode_html(str(value), cpid))
    return (asked, value if isinstance(value, str) else decode_html(bytes(value), cpid))


def derived_bodies(own: Bag, rtf: bool = False) -> Bag:
    """:func:`derived`, remembered for the last few distinct bodies (tables view a message once
    per read; compressing its RTF each time would be wasted)."""
    if BODY_ID not in own and RTF_ID not in own and HTML_ID not in own:
        return {}
    key = tuple(own.get(pid) for pid in (BODY_ID, RTF_ID, HTML_ID, IN_SYNC_ID, CPID_ID))
    try:
        return dict(_derived_cached(key, rtf))
    except TypeError:  # an unhashable value (a bytearray): no caching
        return derived(own, rtf)


@functools.lru_cache(maxsize=256)
def _derived_cached(key: tuple[Any, ...], rtf: bool) -> tuple[tuple[int, tuple[int, Any]], ...]:
    own = {pid: entry for pid, entry in zip((BODY_ID, RTF_ID, HTML_ID, IN_SYNC_ID, CPID_ID), key)
           if entry is not None}
    return tuple(derived(own, rtf).items())


def spec_bodies(spec: Any) -> list[tuple[int, Any]]:
    """The body properties of a world file's ``html:`` / ``rtf:`` (a MessageSpec)."""
    pairs: list[tuple[int, Any]] = []
    if spec.html is not None:
        pairs.append((PR_HTML, spec.html.encode("utf-8")))
    if spec.rtf is not None:
        pairs.append((PR_RTF_COMPRESSED, compress_rtf(spec.rtf.encode("cp1252", "replace"))))
    return pairs

"""What ``fakemapi run`` prints after the program: the cause of an uncaught com_error in the
fake's terms, and an end-of-run summary (connections, peak LogonIds per connection, errors by
name, objects still open)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from fakemapi.hresult import MapiError, name_of, signed, unsigned

if TYPE_CHECKING:
    from fakemapi.fake import Fake

PREFIX = "fakemapi: "


def explain(exc: BaseException, fake: Fake) -> str | None:
    """For a com_error the program did not catch: its name and the fake's cause, as one paragraph
    (None for other exceptions). pywin32's exception shows only the number and 'OLE error ...'."""
    from fakemapi.dropin.pytypes import com_error

    if not isinstance(exc, com_error) or not isinstance(exc.hresult, int):
        return None
    hr = exc.hresult
    text = f"{PREFIX}the com_error above is {name_of(hr)} (0x{unsigned(hr):08X})"
    cause = _cause(hr, fake)
    if cause is not None:
        actor, call, err = cause
        text += f", raised by {actor}.{call}: {_why(err)}"
    return text


def _cause(hr: int, fake: Fake) -> tuple[str, str, MapiError] | None:
    for actor, call, err in reversed(fake.runtime.failures):
        if signed(err.hr) == signed(hr):
            return actor, call, err
    return None


def _why(err: MapiError) -> str:
    parts = []
    if err.detail:
        parts.append(err.detail)
    if err.low_level:
        parts.append(f"the provider's cause (GetLastError lowLevelError) is {name_of(err.low_level)}")
    if err.component:
        parts.append(f"component {err.component}")
    return "; ".join(parts) or "no further cause recorded"


def summary(fake: Fake) -> list[str]:
    """The end-of-run lines (empty when the program made no MAPI call)."""
    events = list(fake.trace)
    if not events:
        return []
    timeline = fake.timeline
    opened = sorted({conn for _, _, conn, _, in_use in timeline if in_use >= 0})
    live: set[int] = set()
    at_once = 0
    for _, _, conn, _, in_use in timeline:
        if in_use < 0:
            live.discard(conn)
        else:
            live.add(conn)
        at_once = max(at_once, len(live))
    peaks = fake.logon_peaks()
    lines = [f"{PREFIX}{len(events)} MAPI call{'s' if len(events) != 1 else ''}, "
             f"{fake.time_us / 1000:.1f} ms of virtual time"]
    if opened:
        shown = ", ".join(f"#{c} {peaks.get(c, 0)}" for c in opened[:12])
        more = f", ... ({len(opened) - 12} more)" if len(opened) > 12 else ""
        lines.append(f"{PREFIX}{len(opened)} connection{'s' if len(opened) != 1 else ''} opened, "
                     f"{at_once} open at once at most; peak LogonIds per connection: {shown}{more} "
                     f"(capacity {fake.world.emsmdb.usable_logon_ids})")
    else:
        lines.append(f"{PREFIX}no store was opened")
    errors = Counter(e.hresult for e in events if e.hresult)
    if errors:
        lines.append(f"{PREFIX}errors: " + ", ".join(f"{name} x{n}" for name, n in sorted(
            errors.items(), key=lambda item: (-item[1], item[0]))))
    else:
        lines.append(f"{PREFIX}errors: none")
    objects = [o for name in sorted(fake.processes) for o in fake.live_objects(name) if o.dead is None]
    if objects:
        kinds = Counter(o.kind for o in objects)
        logons = sum(len(fake.logons(name)) for name in fake.processes)
        lines.append(f"{PREFIX}still open at exit: {len(objects)} object{'s' if len(objects) != 1 else ''} ("
                     + ", ".join(f"{kind} x{n}" for kind, n in sorted(kinds.items(), key=lambda i: (-i[1], i[0])))
                     + f"), holding {logons} logon{'s' if logons != 1 else ''}")
    else:
        lines.append(f"{PREFIX}still open at exit: nothing")
    return lines

"""PyIProfSect: a profile section, as OpenProfileSection (of a profile, a service or a provider)
gives it."""

from __future__ import annotations

import uuid

from fakemapi.client.process import ClientProcess
from fakemapi.client.profiles import Profile
from fakemapi.client.propobject import PropObject
from fakemapi.client.session import Session
from fakemapi.dropin.base import wrap
from fakemapi.dropin.interfaces.common import MAPI_MODIFY
from fakemapi.dropin.interfaces.prop import PyIMAPIProp


class PyIProfSect(PyIMAPIProp):
    __slots__ = ()


def _profile_section(process: ClientProcess, session: Session | None, profile: Profile, uid: uuid.UUID,
                     flags: int) -> PyIProfSect:
    bag = profile.section(uid, create=bool(flags & MAPI_MODIFY))
    handle_data = PropObject(bag, writable=bool(flags & MAPI_MODIFY))
    obj = wrap(PyIProfSect, process, "profsect", session, None, bag)
    obj._h.props = handle_data
    return obj  # type: ignore[return-value]

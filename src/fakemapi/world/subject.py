"""A message's subject prefix and normalized subject, as the store computes them.

PidTagNormalizedSubject (Microsoft, "PidTagNormalizedSubject Canonical Property", Remarks): the
store computes PR_NORMALIZED_SUBJECT from PR_SUBJECT and PR_SUBJECT_PREFIX, as part of
IMAPIProp::SaveChanges. A PR_SUBJECT_PREFIX that is an initial substring of PR_SUBJECT is kept;
otherwise the prefix is recalculated: one to three characters that are not numbers, blanks or
punctuation (letters), followed by a colon and a space ("RE: ", "FW: ", "AW: "). The normalized
subject is the subject with the prefix removed, and the subject itself when there is none.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fakemapi import tags as t
from fakemapi.props import Bag

PR_SUBJECT = t.tag("PR_SUBJECT")
PR_SUBJECT_PREFIX = t.tag("PR_SUBJECT_PREFIX")
PR_NORMALIZED_SUBJECT = t.tag("PR_NORMALIZED_SUBJECT")

S = TypeVar("S", str, bytes)


def split_subject(subject: S, prefix: S | None = None) -> tuple[S, S]:
    """(prefix, normalized subject) of ``subject``; ``prefix`` is a PR_SUBJECT_PREFIX already set."""
    if prefix is not None and subject.startswith(prefix):
        return prefix, subject[len(prefix):]
    colon = subject.find(": " if isinstance(subject, str) else b": ")
    if 1 <= colon <= 3 and subject[:colon].isalpha():
        return subject[:colon + 2], subject[colon + 2:]
    return subject[:0], subject


def subject_entries(subject_tag: int, subject: Any, prefix: Any = None) -> list[tuple[int, Any]]:
    """PR_SUBJECT_PREFIX (when there is one) and PR_NORMALIZED_SUBJECT for a subject, of the
    subject's string type."""
    if not isinstance(subject, (str, bytes)):
        return []
    if prefix is not None and type(prefix) is not type(subject):
        prefix = None
    found, normalized = split_subject(subject, prefix)
    ptype = subject_tag & 0xFFFF
    entries = [((PR_NORMALIZED_SUBJECT & 0xFFFF0000) | ptype, normalized)]
    if found or prefix is not None:
        entries.insert(0, ((PR_SUBJECT_PREFIX & 0xFFFF0000) | ptype, found))
    return entries


def normalize_subject(bag: Bag) -> None:
    """Set a saved message's PR_SUBJECT_PREFIX and PR_NORMALIZED_SUBJECT from its PR_SUBJECT
    (unchanged when it has none)."""
    subject = bag.get(PR_SUBJECT >> 16)
    if subject is None:
        return
    old_prefix = bag.get(PR_SUBJECT_PREFIX >> 16)
    entries = subject_entries(subject[0], subject[1], None if old_prefix is None else old_prefix[1])
    if not entries:
        return
    bag.pop(PR_SUBJECT_PREFIX >> 16, None)
    for tag, value in entries:
        bag[tag >> 16] = (tag, value)

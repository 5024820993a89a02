"""Contacts, appointments and tasks as world-file items, with the properties Outlook writes for them.

A world message may carry ``contact:``, ``appointment:`` or ``task:`` (one of them); the item's
fields become the message class and the properties Outlook sets on such an item. Sources:
MS-OXOCNTC 2.2.1 (contact: PidTagGivenName, PidTagSurname, PidLidFileUnder, PidLidFileUnderId,
PidLidEmail1*: display name, address type, address, original display name;
PidLidAddressBookProviderEmailList / ArrayType), MS-OXOCAL 2.2.1 (appointment:
PidLidAppointmentStartWhole / EndWhole, PidLidAppointmentDuration in minutes, PidLidLocation,
PidLidBusyStatus 0 free, 1 tentative, 2 busy, 3 out of office, PidLidAppointmentSubType for all-day
events, PidLidCommonStart / End, PidLidClipStart / End, PidLidRecurring), MS-OXOTASK 2.2.2 (task:
PidLidTaskStatus 0 not started, 1 in progress, 2 complete, 3 waiting, 4 deferred;
PidLidPercentComplete 0.0 to 1.0, PidLidTaskStartDate / DueDate, PidLidTaskComplete,
PidLidTaskDateCompleted, PidLidTaskState, PidLidTaskMode, PidLidCommonStart / End).
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

PR_DISPLAY_NAME = 0x3001001F
PR_GIVEN_NAME = 0x3A06001F
PR_SURNAME = 0x3A11001F
PR_COMPANY_NAME = 0x3A16001F
PR_TITLE = 0x3A17001F
PR_BUSINESS_TELEPHONE_NUMBER = 0x3A08001F
PR_MOBILE_TELEPHONE_NUMBER = 0x3A1C001F
PR_EMAIL_ADDRESS = 0x3003001F
PR_ADDRTYPE = 0x3002001F

ITEM_KEYS = ("contact", "appointment", "task")
CONTACT_KEYS = ("given_name", "surname", "display_name", "email", "company", "title", "business_phone",
                "mobile_phone")
APPOINTMENT_KEYS = ("start", "end", "location", "all_day", "busy_status")
TASK_KEYS = ("start", "due", "status", "percent_complete", "completed")
BUSY_STATUS = {"free": 0, "tentative": 1, "busy": 2, "out_of_office": 3}
TASK_STATUS = {"not_started": 0, "in_progress": 1, "complete": 2, "waiting": 3, "deferred": 4}
#: PidLidFileUnderId "Surname, GivenName" (MS-OXOCNTC 2.2.1.1.3)
FILE_UNDER_SURNAME_GIVEN = 0x00008017

#: ``named(canonical name) -> tag`` (the world reader's well-known named properties)
Named = Callable[[str], int]
Pairs = list[tuple[int, Any]]


def contact(fields: dict[str, Any], named: Named) -> tuple[str, str | None, Pairs]:
    """(message class, subject, properties) of a contact."""
    given, surname = fields.get("given_name") or "", fields.get("surname") or ""
    display = fields.get("display_name") or " ".join(part for part in (given, surname) if part)
    pairs: Pairs = [(PR_DISPLAY_NAME, display)]
    if given:
        pairs.append((PR_GIVEN_NAME, given))
    if surname:
        pairs.append((PR_SURNAME, surname))
    for key, tag in (("company", PR_COMPANY_NAME), ("title", PR_TITLE),
                     ("business_phone", PR_BUSINESS_TELEPHONE_NUMBER), ("mobile_phone", PR_MOBILE_TELEPHONE_NUMBER)):
        if fields.get(key):
            pairs.append((tag, fields[key]))
    file_under = ", ".join(part for part in (surname, given) if part) or display
    pairs += [(named("PidLidFileUnder"), file_under), (named("PidLidFileUnderId"), FILE_UNDER_SURNAME_GIVEN)]
    email = fields.get("email")
    if email:
        shown = f"{display} ({email})" if display else email
        pairs += [(named("PidLidEmail1DisplayName"), shown), (named("PidLidEmail1AddressType"), "SMTP"),
                  (named("PidLidEmail1EmailAddress"), email), (named("PidLidEmail1OriginalDisplayName"), email),
                  (named("PidLidAddressBookProviderEmailList"), (0,)),
                  (named("PidLidAddressBookProviderArrayType"), 0x1)]
    return "IPM.Contact", display, pairs


def appointment(fields: dict[str, Any], named: Named) -> tuple[str, str | None, Pairs]:
    start: datetime.datetime = fields["start"]
    end: datetime.datetime = fields.get("end") or start + datetime.timedelta(minutes=30)
    minutes = int((end - start).total_seconds() // 60)
    pairs: Pairs = [
        (named("PidLidAppointmentStartWhole"), start), (named("PidLidAppointmentEndWhole"), end),
        (named("PidLidCommonStart"), start), (named("PidLidCommonEnd"), end),
        (named("PidLidClipStart"), start), (named("PidLidClipEnd"), end),
        (named("PidLidAppointmentDuration"), minutes),
        (named("PidLidBusyStatus"), fields.get("busy_status", 2)),
        (named("PidLidAppointmentSubType"), bool(fields.get("all_day", False))),
        (named("PidLidRecurring"), False), (named("PidLidAppointmentStateFlags"), 0),
        (named("PidLidReminderSet"), False),
    ]
    if fields.get("location"):
        pairs.append((named("PidLidLocation"), fields["location"]))
    return "IPM.Appointment", None, pairs


def task(fields: dict[str, Any], named: Named) -> tuple[str, str | None, Pairs]:
    status = fields.get("status", 0)
    done = status == TASK_STATUS["complete"]
    percent = fields.get("percent_complete", 1.0 if done else 0.0)
    pairs: Pairs = [
        (named("PidLidTaskStatus"), status), (named("PidLidPercentComplete"), float(percent)),
        (named("PidLidTaskComplete"), done), (named("PidLidTaskState"), 1), (named("PidLidTaskMode"), 0),
        (named("PidLidTaskOwnership"), 0), (named("PidLidTeamTask"), False), (named("PidLidTaskFRecurring"), False),
    ]
    for key, name, common in (("start", "PidLidTaskStartDate", "PidLidCommonStart"),
                              ("due", "PidLidTaskDueDate", "PidLidCommonEnd")):
        if fields.get(key) is not None:
            pairs += [(named(name), fields[key]), (named(common), fields[key])]
    if fields.get("completed") is not None:
        pairs.append((named("PidLidTaskDateCompleted"), fields["completed"]))
    return "IPM.Task", None, pairs

"""Outlook's well-known named properties, by canonical name (MS-OXPROPS section 2: each PidLid
property's property set, long id and type), for world files and the docs.

A world file may use these names in ``props:`` without declaring them in ``named_props``; the
store maps each to an id from 0x8000 as GetIDsFromNames would (MS-OXCPRPT 3.1.4.1; ids per store).
"""

from __future__ import annotations

from fakemapi.tags import PT_BINARY, PT_BOOLEAN, PT_DOUBLE, PT_LONG, PT_SYSTIME, PT_UNICODE

PT_MV_LONG = PT_LONG | 0x1000
PT_MV_UNICODE = PT_UNICODE | 0x1000
PT_MV_BINARY = PT_BINARY | 0x1000

#: canonical name -> (property set name in fakemapi.data.propsets, long id or string name, type)
WELL_KNOWN: dict[str, tuple[str, int | str, int]] = {
    # PSETID_Address: contacts and distribution lists (MS-OXOCNTC)
    "PidLidFileUnder": ("PSETID_Address", 0x8005, PT_UNICODE),
    "PidLidFileUnderId": ("PSETID_Address", 0x8006, PT_LONG),
    "PidLidContactItemData": ("PSETID_Address", 0x8007, PT_MV_LONG),
    "PidLidHasPicture": ("PSETID_Address", 0x8015, PT_BOOLEAN),
    "PidLidHomeAddress": ("PSETID_Address", 0x801A, PT_UNICODE),
    "PidLidWorkAddress": ("PSETID_Address", 0x801B, PT_UNICODE),
    "PidLidOtherAddress": ("PSETID_Address", 0x801C, PT_UNICODE),
    "PidLidPostalAddressId": ("PSETID_Address", 0x8022, PT_LONG),
    "PidLidAddressBookProviderEmailList": ("PSETID_Address", 0x8028, PT_MV_LONG),
    "PidLidAddressBookProviderArrayType": ("PSETID_Address", 0x8029, PT_LONG),
    "PidLidHtml": ("PSETID_Address", 0x802B, PT_UNICODE),
    "PidLidWorkAddressStreet": ("PSETID_Address", 0x8045, PT_UNICODE),
    "PidLidWorkAddressCity": ("PSETID_Address", 0x8046, PT_UNICODE),
    "PidLidWorkAddressState": ("PSETID_Address", 0x8047, PT_UNICODE),
    "PidLidWorkAddressPostalCode": ("PSETID_Address", 0x8048, PT_UNICODE),
    "PidLidWorkAddressCountry": ("PSETID_Address", 0x8049, PT_UNICODE),
    "PidLidInstantMessagingAddress": ("PSETID_Address", 0x8062, PT_UNICODE),
    "PidLidEmail1DisplayName": ("PSETID_Address", 0x8080, PT_UNICODE),
    "PidLidEmail1AddressType": ("PSETID_Address", 0x8082, PT_UNICODE),
    "PidLidEmail1EmailAddress": ("PSETID_Address", 0x8083, PT_UNICODE),
    "PidLidEmail1OriginalDisplayName": ("PSETID_Address", 0x8084, PT_UNICODE),
    "PidLidEmail1OriginalEntryId": ("PSETID_Address", 0x8085, PT_BINARY),
    "PidLidEmail2DisplayName": ("PSETID_Address", 0x8090, PT_UNICODE),
    "PidLidEmail2AddressType": ("PSETID_Address", 0x8092, PT_UNICODE),
    "PidLidEmail2EmailAddress": ("PSETID_Address", 0x8093, PT_UNICODE),
    "PidLidEmail2OriginalDisplayName": ("PSETID_Address", 0x8094, PT_UNICODE),
    "PidLidEmail3DisplayName": ("PSETID_Address", 0x80A0, PT_UNICODE),
    "PidLidEmail3AddressType": ("PSETID_Address", 0x80A2, PT_UNICODE),
    "PidLidEmail3EmailAddress": ("PSETID_Address", 0x80A3, PT_UNICODE),
    "PidLidEmail3OriginalDisplayName": ("PSETID_Address", 0x80A4, PT_UNICODE),
    # PSETID_Task (MS-OXOTASK)
    "PidLidTaskStatus": ("PSETID_Task", 0x8101, PT_LONG),
    "PidLidPercentComplete": ("PSETID_Task", 0x8102, PT_DOUBLE),
    "PidLidTeamTask": ("PSETID_Task", 0x8103, PT_BOOLEAN),
    "PidLidTaskStartDate": ("PSETID_Task", 0x8104, PT_SYSTIME),
    "PidLidTaskDueDate": ("PSETID_Task", 0x8105, PT_SYSTIME),
    "PidLidTaskResetReminder": ("PSETID_Task", 0x8107, PT_BOOLEAN),
    "PidLidTaskDateCompleted": ("PSETID_Task", 0x810F, PT_SYSTIME),
    "PidLidTaskActualEffort": ("PSETID_Task", 0x8110, PT_LONG),
    "PidLidTaskEstimatedEffort": ("PSETID_Task", 0x8111, PT_LONG),
    "PidLidTaskVersion": ("PSETID_Task", 0x8112, PT_LONG),
    "PidLidTaskState": ("PSETID_Task", 0x8113, PT_LONG),
    "PidLidTaskComplete": ("PSETID_Task", 0x811C, PT_BOOLEAN),
    "PidLidTaskFCreator": ("PSETID_Task", 0x811E, PT_BOOLEAN),
    "PidLidTaskOwner": ("PSETID_Task", 0x811F, PT_UNICODE),
    "PidLidTaskOrdinal": ("PSETID_Task", 0x8123, PT_LONG),
    "PidLidTaskFRecurring": ("PSETID_Task", 0x8126, PT_BOOLEAN),
    "PidLidTaskOwnership": ("PSETID_Task", 0x8129, PT_LONG),
    "PidLidTaskAcceptanceState": ("PSETID_Task", 0x812A, PT_LONG),
    # PSETID_Appointment (MS-OXOCAL)
    "PidLidAppointmentSequence": ("PSETID_Appointment", 0x8201, PT_LONG),
    "PidLidBusyStatus": ("PSETID_Appointment", 0x8205, PT_LONG),
    "PidLidAppointmentAuxiliaryFlags": ("PSETID_Appointment", 0x8207, PT_LONG),
    "PidLidLocation": ("PSETID_Appointment", 0x8208, PT_UNICODE),
    "PidLidAppointmentStartWhole": ("PSETID_Appointment", 0x820D, PT_SYSTIME),
    "PidLidAppointmentEndWhole": ("PSETID_Appointment", 0x820E, PT_SYSTIME),
    "PidLidAppointmentDuration": ("PSETID_Appointment", 0x8213, PT_LONG),
    "PidLidAppointmentColor": ("PSETID_Appointment", 0x8214, PT_LONG),
    "PidLidAppointmentSubType": ("PSETID_Appointment", 0x8215, PT_BOOLEAN),
    "PidLidAppointmentRecur": ("PSETID_Appointment", 0x8216, PT_BINARY),
    "PidLidAppointmentStateFlags": ("PSETID_Appointment", 0x8217, PT_LONG),
    "PidLidResponseStatus": ("PSETID_Appointment", 0x8218, PT_LONG),
    "PidLidRecurring": ("PSETID_Appointment", 0x8223, PT_BOOLEAN),
    "PidLidIntendedBusyStatus": ("PSETID_Appointment", 0x8224, PT_LONG),
    "PidLidTimeZoneStruct": ("PSETID_Appointment", 0x8233, PT_BINARY),
    "PidLidTimeZoneDescription": ("PSETID_Appointment", 0x8234, PT_UNICODE),
    "PidLidClipStart": ("PSETID_Appointment", 0x8235, PT_SYSTIME),
    "PidLidClipEnd": ("PSETID_Appointment", 0x8236, PT_SYSTIME),
    "PidLidAllAttendeesString": ("PSETID_Appointment", 0x8238, PT_UNICODE),
    "PidLidToAttendeesString": ("PSETID_Appointment", 0x823B, PT_UNICODE),
    "PidLidCcAttendeesString": ("PSETID_Appointment", 0x823C, PT_UNICODE),
    "PidLidAppointmentNotAllowPropose": ("PSETID_Appointment", 0x8259, PT_BOOLEAN),
    # PSETID_Common (MS-OXCMSG, MS-OXORMDR)
    "PidLidReminderDelta": ("PSETID_Common", 0x8501, PT_LONG),
    "PidLidReminderTime": ("PSETID_Common", 0x8502, PT_SYSTIME),
    "PidLidReminderSet": ("PSETID_Common", 0x8503, PT_BOOLEAN),
    "PidLidPrivate": ("PSETID_Common", 0x8506, PT_BOOLEAN),
    "PidLidAgingDontAgeMe": ("PSETID_Common", 0x850E, PT_BOOLEAN),
    "PidLidSideEffects": ("PSETID_Common", 0x8510, PT_LONG),
    "PidLidSmartNoAttach": ("PSETID_Common", 0x8514, PT_BOOLEAN),
    "PidLidCommonStart": ("PSETID_Common", 0x8516, PT_SYSTIME),
    "PidLidCommonEnd": ("PSETID_Common", 0x8517, PT_SYSTIME),
    "PidLidTaskMode": ("PSETID_Common", 0x8518, PT_LONG),
    "PidLidVerbStream": ("PSETID_Common", 0x8520, PT_BINARY),
    "PidLidBilling": ("PSETID_Common", 0x8535, PT_UNICODE),
    "PidLidCompanies": ("PSETID_Common", 0x8539, PT_MV_UNICODE),
    "PidLidContacts": ("PSETID_Common", 0x853A, PT_MV_UNICODE),
    "PidLidCurrentVersion": ("PSETID_Common", 0x8552, PT_LONG),
    "PidLidCurrentVersionName": ("PSETID_Common", 0x8554, PT_UNICODE),
    "PidLidReminderSignalTime": ("PSETID_Common", 0x8560, PT_SYSTIME),
    "PidLidInternetAccountName": ("PSETID_Common", 0x8580, PT_UNICODE),
    "PidLidUseTnef": ("PSETID_Common", 0x8582, PT_BOOLEAN),
    # PSETID_Note (MS-OXONOTE) and PSETID_Log (MS-OXOJRNL)
    "PidLidNoteColor": ("PSETID_Note", 0x8B00, PT_LONG),
    "PidLidNoteWidth": ("PSETID_Note", 0x8B02, PT_LONG),
    "PidLidNoteHeight": ("PSETID_Note", 0x8B03, PT_LONG),
    "PidLidNoteX": ("PSETID_Note", 0x8B04, PT_LONG),
    "PidLidNoteY": ("PSETID_Note", 0x8B05, PT_LONG),
    "PidLidLogType": ("PSETID_Log", 0x8700, PT_UNICODE),
    "PidLidLogStart": ("PSETID_Log", 0x8706, PT_SYSTIME),
    "PidLidLogDuration": ("PSETID_Log", 0x8707, PT_LONG),
    "PidLidLogEnd": ("PSETID_Log", 0x8708, PT_SYSTIME),
    # PS_PUBLIC_STRINGS (MS-OXCMSG 2.2.1.17: categories)
    "PidNameKeywords": ("PS_PUBLIC_STRINGS", "Keywords", PT_MV_UNICODE),
}

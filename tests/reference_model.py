"""An independent reference model of the Emsmdb32 rules R1..R14, for the differential test.

Written from /work/shared/DESIGN.md and the README's stated choices, not from the
implementation: it reads the world *dict* itself and keeps its own state in plain
dictionaries. It knows only what a call program does (fakemapi.program steps): initialize,
uninitialize, logon, logoff, open (privileged entry id), release, open_child (folder, table,
manage), release_child, probe, switch_process, set_connect_flags, drop_connection.

Choices it takes from the README (the facts leave them open): logons share a connection only
when made as one account to one server; a shared connection lives while any session that used
it does (or while it has logons); a separate connection goes with its logon; a failed open
closes a connection made only for it (R13); the checks of an open run in wire order: connect
(R11), pick a LogonId (R1, R4), RopLogon (R10). Connection ids count connections made.
Where the facts say the server frees a logon's objects with the logon (MS-OXCROPS R4570 and
its per-logon object map), the logon's objects stop counting against the R12 caps.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

# DESIGN R11/R12 preset values (KB 842022, KB 830829), for the two object types programs make
PRESETS = {"exchange-5.5": (None, {}, "MAPI_E_NO_ACCESS"),
           "exchange-2003": (32, {"objtFolder": 500, "objtFolderView": 500}, "MAPI_E_NO_ACCESS"),
           "exchange-2010": (32, {"objtFolder": 500, "objtFolderView": 500}, "MAPI_E_LOGON_FAILED")}
OBJT = {"folder": "objtFolder", "table": "objtFolderView"}
Result = tuple[Any, Any, Any]  # (error name or None, new object key, (connection, LogonId))


class Model:
    def __init__(self, world: dict[str, Any]) -> None:
        em, limits = world.get("emsmdb") or {}, world.get("limits") or {}
        self.usable = [i for i in range(256) if i not in set(em.get("reserved_logon_ids", [255]))]
        self.scope, self.rule = em.get("connection_scope", "process"), em.get("release_rule", "refcount")
        cap, caps, self.denied = PRESETS[world.get("server_preset", "exchange-2003")]
        self.cap = limits.get("sessions_per_user", cap)
        self.caps = {**caps, **(limits.get("objects_per_session") or {})}
        self.boxes = {m["alias"].lower(): m for m in world["mailboxes"]}
        self.first_server = world["servers"][0]["name"].lower()
        self.flags = {p["name"]: p.get("connect_flags", 0) for p in world["profiles"]}
        self.account = {p["name"]: p["mailbox"].lower() for p in world["profiles"]}
        self.init: Counter[str] = Counter()
        self.conns: dict[int, dict[str, Any]] = {}   # live connections by id
        self.objs: dict[str, dict[str, Any]] = {}    # held objects by key
        self.made = self.serial = 0
        self.process = "main"

    def admin(self, alias: str) -> bool:
        return self.boxes.get(alias, {}).get("rights") == "admin"

    # --- helpers -----------------------------------------------------------------------------
    def new(self, prefix: str, **fields: Any) -> str:
        self.serial += prefix != "temp"  # the program keeps it: it gets the next key
        key = f"{prefix}#{self.serial}" if prefix != "temp" else f"temp#{len(self.objs)}"
        self.objs[key] = {"dead": None, "logon": None, **fields}
        return key

    def kill(self, pred: Any, hr: str) -> None:
        for o in self.objs.values():
            if pred(o) and o["dead"] is None:
                o["dead"] = hr

    def free(self, logon: dict[str, Any]) -> None:  # R6: the LogonId is reusable at once
        conn = logon["conn"]
        logon["alive"] = False
        conn["logons"].pop(logon["id"], None)
        for key in logon["pins"]:
            if key in self.objs and self.objs[key]["kind"] in OBJT:
                conn["objects"][OBJT[self.objs[key]["kind"]]] -= 1
        if conn["separate"] and not conn["logons"]:
            self.close(conn, None)

    def close(self, conn: dict[str, Any], hr: str | None) -> None:
        for logon in list(conn["logons"].values()):
            self.kill(lambda o, lg=logon: o["logon"] is lg, hr or "")
            self.free(logon)
        self.conns.pop(conn["id"], None)

    def unpin(self, key: str) -> None:
        o = self.objs.pop(key)
        logon = o["logon"]
        if logon is None or not logon["alive"]:
            return
        logon["pins"].discard(key)
        if o["kind"] in OBJT:
            logon["conn"]["objects"][OBJT[o["kind"]]] -= 1
        stores = [k for k in logon["pins"] if self.objs[k]["kind"] == "store"]
        if self.rule == "refcount" and not logon["pins"]:
            self.free(logon)
        elif self.rule == "store-only" and o["kind"] == "store" and not stores:
            self.kill(lambda x: x["logon"] is logon, "MAPI_E_INVALID_OBJECT")
            self.free(logon)

    def make_object(self, logon: dict[str, Any], kind: str, temp: bool = False) -> str | None:
        conn, objt = logon["conn"], OBJT.get(kind)
        if objt is not None:
            if self.caps.get(objt) is not None and conn["objects"][objt] + 1 > self.caps[objt]:
                self.close(conn, "MAPI_E_END_OF_SESSION")  # R12: the server ends the session
                return None
            conn["objects"][objt] += 1
        key = self.new("temp" if temp else "store" if kind == "store" else "child", kind=kind, logon=logon,
                       session=logon["session"], process=logon["conn"]["process"])
        logon["pins"].add(key)
        return key

    # --- steps ---------------------------------------------------------------------------------
    def apply(self, action: str, target: Any = None, arg: Any = None) -> Result:
        if action == "switch_process":
            self.process = target
            return None, None, None
        if action == "initialize":
            self.init[self.process] += 1
            return None, None, None
        if action == "uninitialize":  # R8
            if self.init[self.process] > 0:
                self.init[self.process] -= 1
                if self.init[self.process] == 0:
                    self.kill(lambda o: o["process"] == self.process, "MAPI_E_INVALID_OBJECT")
                    for conn in [c for c in self.conns.values() if c["process"] == self.process]:
                        self.close(conn, "MAPI_E_INVALID_OBJECT")
            return None, None, None
        if action == "logon":
            if self.init[self.process] == 0:
                return "MAPI_E_NOT_INITIALIZED", None, None
            key = self.new("session", kind="session", profile=target, process=self.process)
            self.objs[key]["session"] = key
            return None, key, None
        if action == "drop_connection":
            if target not in self.conns:
                return "ValueError", None, None
            self.close(self.conns[target], "MAPI_E_NETWORK_ERROR")
            return None, None, None
        if action in ("release", "release_child"):
            self.unpin(target)
            return None, None, None
        o = self.objs[target]
        if o["dead"] is not None:
            return o["dead"], None, None
        if action == "probe":
            return None, None, None
        if action == "logoff":  # R9
            self.kill(lambda x: x["session"] == target, "MAPI_E_END_OF_SESSION")
            for conn in [c for c in self.conns.values() if c["process"] == o["process"]]:
                for logon in [lg for lg in conn["logons"].values() if lg["session"] == target]:
                    self.free(logon)
                conn["sessions"].discard(target)
                if conn["id"] in self.conns and not conn["sessions"] and not conn["logons"]:
                    self.close(conn, None)
            return None, None, None
        if action == "set_connect_flags":  # R3: the profile, machine-wide
            flags = self.flags[o["profile"]]
            self.flags[o["profile"]] = flags | 4 if arg else flags & ~4
            return None, None, None
        if action == "open_child":
            logon = o["logon"]
            if arg == "table":  # the root folder, its hierarchy table, the folder released
                folder = self.make_object(logon, "folder", temp=True)
                if folder is None:
                    return "MAPI_E_CALL_FAILED", None, None
                key = self.make_object(logon, "table")
                self.unpin(folder)
            else:
                key = self.make_object(logon, arg)
            return ("MAPI_E_CALL_FAILED", None, None) if key is None else (None, key, None)
        return self.open(target, o, arg)

    def open(self, session: str, o: dict[str, Any], alias: str) -> Result:
        account, process = self.account[o["profile"]], o["process"]
        box = self.boxes.get(alias.lower())
        server = box.get("server", "").lower() if box else self.first_server
        key: Any = None
        conn = None
        if not self.flags[o["profile"]] & 4:  # R2
            key = (server, account) + ((session,) if self.scope == "session" else ())
            conn = next((c for c in self.conns.values() if c["process"] == process and c["key"] == key), None)
        fresh = conn is None
        if conn is None:  # EcDoConnectEx; R11 may refuse it
            held = sum(1 for c in self.conns.values() if c["server"] == server and c["user"] == account)
            if self.cap is not None and not self.admin(account) and held >= self.cap:
                return "MAPI_E_FAILONEPROVIDER", None, None
            self.made += 1
            conn = self.conns[self.made] = {"id": self.made, "process": process, "server": server, "user": account,
                                            "separate": key is None, "key": key, "logons": {}, "sessions": set(),
                                            "objects": Counter()}
        free = [i for i in self.usable if i not in conn["logons"]]
        if not free:  # R4
            return "MAPI_E_FAILONEPROVIDER", None, None
        error = None
        if box is None:  # R10
            error = "MAPI_E_NOT_FOUND"
        elif alias.lower() != account and not self.admin(account) and account not in box.get("grant", []):
            error = self.denied
        if error is not None:  # R13: no index kept; a connection made only for it goes
            if fresh:
                self.close(conn, None)
            return error, None, None
        logon = {"conn": conn, "id": free[0], "session": session, "pins": set(), "alive": True}
        conn["logons"][free[0]] = logon
        conn["sessions"].add(session)
        return None, self.make_object(logon, "store"), (conn["id"], free[0])

    def state(self) -> dict[str, Any]:
        """Per process: init count and live connections (id, server, user, separate, LogonIds,
        object counts)."""
        out: dict[str, Any] = {}
        for name in set(self.init) | {c["process"] for c in self.conns.values()}:
            conns = sorted((c["id"], c["server"], c["user"], c["separate"], tuple(sorted(c["logons"])),
                            tuple(sorted((k, v) for k, v in c["objects"].items() if v)))
                           for c in self.conns.values() if c["process"] == name)
            if conns or self.init[name]:
                out[name] = (self.init[name], conns)
        return out

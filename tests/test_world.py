"""World files: loading, the default world, DNs, presets, overrides, and WorldError messages."""

from __future__ import annotations

import pathlib

import pytest

import fakemapi
from fakemapi import World, WorldError
from fakemapi.dropin.registry import REGISTRY

MINIMAL = "schema_version: 1\nservers: [{name: EX01}]\n"


def write(tmp_path: pathlib.Path, text: str, name: str = "world.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def load_error(tmp_path: pathlib.Path, text: str) -> tuple[str, WorldError]:
    path = write(tmp_path, text)
    with pytest.raises(WorldError) as info:
        World.load(path)
    return path, info.value


# =====================================================================================
# loading and the model


def test_load_reads_organization_servers_and_mailboxes_from_a_file(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, """\
schema_version: 1
organization: {name: Fabrikam, site: Lab}
servers: [{name: MX1}, {name: MX2}]
mailboxes:
  - {alias: dora, display_name: Dora D, server: MX2, smtp: dora@fabrikam.test}
  - {alias: ed}
""")
    world = World.load(path)
    assert world.source == path
    assert world.organization.name == "Fabrikam"
    assert world.organization.site == "Lab"
    assert [s.name for s in world.servers.values()] == ["MX1", "MX2"]
    dora, ed = world.mailboxes
    assert (dora.alias, dora.display_name, dora.server, dora.smtp, dora.rights) == (
        "dora", "Dora D", "MX2", "dora@fabrikam.test", "user")
    # defaults: display name = alias, server = the first server, smtp = alias@org.com lower-cased
    assert (ed.display_name, ed.server, ed.smtp) == ("ed", "MX1", "ed@fabrikam.com")


def test_load_accepts_a_pathlib_path(tmp_path: pathlib.Path) -> None:
    path = pathlib.Path(write(tmp_path, MINIMAL))
    world = World.load(path)
    assert world.source == str(path)
    assert list(world.servers) == ["ex01"]


def test_mailbox_dn_is_org_site_recipients_alias(tmp_path: pathlib.Path) -> None:
    world = World.from_dict({"schema_version": 1, "organization": {"name": "Fabrikam", "site": "Lab"},
                             "servers": [{"name": "MX1"}], "mailboxes": [{"alias": "Dora"}]})
    assert world.mailbox("dora").dn == "/o=Fabrikam/ou=Lab/cn=Recipients/cn=Dora"


def test_server_dn_and_private_store_dn() -> None:
    world = World.from_dict({"schema_version": 1, "organization": {"name": "Fabrikam", "site": "Lab"},
                             "servers": [{"name": "MX1"}]})
    server = world.server("MX1")
    assert server is not None
    assert server.dn == "/o=Fabrikam/ou=Lab/cn=Configuration/cn=Servers/cn=MX1"
    assert server.private_mdb_dn == "/o=Fabrikam/ou=Lab/cn=Configuration/cn=Servers/cn=MX1/cn=Microsoft Private MDB"
    assert server.public_mdb_dn == "/o=Fabrikam/ou=Lab/cn=Configuration/cn=Servers/cn=MX1/cn=Microsoft Public MDB"


def test_organization_defaults_to_contoso_hq() -> None:
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}], "mailboxes": [{"alias": "a"}]})
    assert world.organization.dn == "/o=Contoso/ou=HQ"
    assert world.mailbox("a").dn == "/o=Contoso/ou=HQ/cn=Recipients/cn=a"


def test_mailbox_lookup_by_dn_ignores_case() -> None:
    world = World.default()
    alice = world.mailbox("alice")
    assert world.mailbox_by_dn("/O=CONTOSO/OU=hq/CN=recipients/cn=ALICE") is alice
    assert world.find_mailbox("/o=contoso/ou=hq/cn=recipients/cn=alice") is alice
    assert world.mailbox_by_dn("/o=Contoso/ou=HQ/cn=Recipients/cn=nobody") is None


def test_mailbox_lookup_by_alias_ignores_case_and_names_an_unknown_alias() -> None:
    world = World.default()
    assert world.mailbox("ALICE").alias == "alice"
    assert world.find_mailbox("Bob") is world.mailbox("bob")
    assert world.find_mailbox("nobody") is None
    with pytest.raises(KeyError) as info:
        world.mailbox("nobody")
    assert info.value.args == ("no mailbox with alias 'nobody' in this world",)


def test_server_lookup_by_name_and_by_store_dn_ignores_case() -> None:
    world = World.default()
    ex01 = world.server("ex01")
    assert ex01 is not None and ex01.name == "EX01"
    assert world.server_by_dn(ex01.private_mdb_dn.upper()) is ex01
    assert world.server_by_dn("/o=contoso/ou=hq/cn=configuration/cn=servers/cn=ex02") is world.server("EX02")
    assert world.server_by_dn("/o=Other/ou=HQ/cn=Configuration/cn=Servers/cn=EX01") is None
    assert world.server_by_dn("/o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX99") is None
    assert world.server("EX99") is None


def test_generate_expands_count_entries_with_the_n_pattern() -> None:
    world = World.from_dict({
        "schema_version": 1, "servers": [{"name": "EX01"}, {"name": "EX02"}],
        "mailboxes": [{"alias": "owner"},
                      {"generate": {"count": 3, "start": 0, "alias": "box{n:02}", "display_name": "Box #{n}",
                                    "server": "EX02", "grant": ["owner"]}}],
    })
    generated = world.mailboxes[1:]
    assert [m.alias for m in generated] == ["box00", "box01", "box02"]
    assert [m.display_name for m in generated] == ["Box #0", "Box #1", "Box #2"]
    assert {m.server for m in generated} == {"EX02"}
    assert all(m.grant == frozenset({"owner"}) for m in generated)
    assert generated[2].dn == "/o=Contoso/ou=HQ/cn=Recipients/cn=box02"


def test_generate_starts_at_one_by_default_and_count_zero_adds_nothing() -> None:
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}],
                             "mailboxes": [{"generate": {"count": 2, "alias": "u{n}"}},
                                           {"generate": {"count": 0, "alias": "none{n}"}}]})
    assert [m.alias for m in world] == ["u1", "u2"]
    assert len(world) == 2


def test_grant_and_admin_rights_decide_who_may_open_a_mailbox() -> None:
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}],
                             "mailboxes": [{"alias": "boss", "rights": "admin"}, {"alias": "ann"},
                                           {"alias": "ben", "grant": ["ANN"]}]})
    boss, ann, ben = world.mailbox("boss"), world.mailbox("ann"), world.mailbox("ben")
    assert boss.is_admin and not ann.is_admin
    assert ben.grant == frozenset({"ann"})  # stored lower-case
    assert ben.allows(ann) and ben.allows(boss) and ben.allows(ben)
    assert not ann.allows(ben)


def test_profiles_are_read_with_default_and_connect_flags() -> None:
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}], "mailboxes": [{"alias": "ann"}],
                             "profiles": [{"name": "P1", "mailbox": "ANN", "default": True},
                                          {"name": "P2", "mailbox": "ann", "connect_flags": 4}]})
    p1, p2 = world.profiles
    assert (p1.name, p1.mailbox, p1.default, p1.connect_flags) == ("P1", "ann", True, 0)
    assert (p2.name, p2.mailbox, p2.default, p2.connect_flags) == ("P2", "ann", False, 4)
    assert world.profile("p2") is p2
    assert world.profile("P3") is None


def test_loading_the_same_file_twice_gives_the_same_world(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, MINIMAL + "mailboxes: [{generate: {count: 5, alias: 'u{n}'}}]\n")
    a, b = World.load(path), World.load(path)
    assert a.mailboxes == b.mailboxes
    assert [m.guid for m in a] == [m.guid for m in b]
    assert a.servers == b.servers
    assert a.limits == b.limits and a.emsmdb == b.emsmdb


def test_mailbox_and_server_guids_derive_from_their_dn_not_from_the_load() -> None:
    world = World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}], "mailboxes": [{"alias": "alice"}]})
    default = World.default()
    assert world.mailbox("alice").guid == default.mailbox("alice").guid
    assert world.server("EX01").guid == default.server("EX01").guid  # type: ignore[union-attr]
    assert world.mailbox("alice").guid != default.mailbox("bob").guid


# =====================================================================================
# the default world


def test_default_world_has_the_documented_mailboxes_and_servers() -> None:
    world = World.default()
    assert world.source == "fakemapi/world/default.yaml"
    assert [s.name for s in world.servers.values()] == ["EX01", "EX02"]
    assert len(world) == 4 + 300 + 40
    assert [m.alias for m in world.mailboxes[:6]] == ["admin", "alice", "bob", "carol", "user001", "user002"]
    assert world.mailbox("user300").display_name == "User 300"
    assert world.mailbox("carol").server == "EX02"
    assert world.mailbox("admin").is_admin
    shared = world.mailbox("shared40")
    assert (shared.display_name, shared.grant) == ("Shared 40", frozenset({"alice"}))
    assert world.mailbox("shared01").dn == "/o=Contoso/ou=HQ/cn=Recipients/cn=shared01"


def test_default_world_profiles() -> None:
    world = World.default()
    assert [(p.name, p.mailbox, p.default, p.connect_flags) for p in world.profiles] == [
        ("Admin", "admin", True, 0), ("AdminSeparate", "admin", False, 4),
        ("Alice", "alice", False, 0), ("AliceSeparate", "alice", False, 4)]


def test_default_world_uses_exchange_2003_and_255_usable_logon_ids() -> None:
    world = World.default()
    assert world.preset.name == "exchange-2003"
    assert world.limits.sessions_per_user == 32
    assert world.emsmdb.reserved_logon_ids == frozenset({255})
    assert world.emsmdb.usable_logon_ids == 255
    assert world.emsmdb.connection_scope == "process"
    assert world.emsmdb.release_rule == "refcount"


def test_default_world_is_what_install_uses_without_a_world() -> None:
    with fakemapi.installed() as fake:
        assert fake.world is World.default()


# =====================================================================================
# presets and overrides

SP1_CAPS = {
    "objtMessage": 250, "objtFolder": 500, "objtAttachment": 500, "objtFolderView": 500,
    "objtMessageView": 500, "objtAttachView": 500, "objtStream": 250, "objtACLView": 50,
    "objtRulesView": 50, "objtFXSrcStrm": 50, "objtFXDstStrm": 50, "objtCStream": 50,
    "objtNotify": 500_000,
}


def world_with(**top: object) -> World:
    data: dict[str, object] = {"schema_version": 1, "servers": [{"name": "EX01"}]}
    data.update(top)
    return World.from_dict(data)


def test_preset_exchange_55_has_no_session_or_object_caps() -> None:
    world = world_with(server_preset="exchange-5.5")
    assert world.preset.name == "exchange-5.5"
    assert world.limits.sessions_per_user is None
    assert world.limits.objects_per_session == {}
    assert world.preset.access_denied_ec == "ecAccessDenied"


def test_preset_exchange_2003_caps_sessions_at_32_and_objects_per_kb_830829() -> None:
    world = world_with(server_preset="exchange-2003")
    assert world.limits.sessions_per_user == 32
    assert world.limits.objects_per_session == SP1_CAPS
    assert world.preset.access_denied_ec == "ecAccessDenied"


def test_preset_exchange_2010_answers_ec_login_perm_for_foreign_mailboxes() -> None:
    world = world_with(server_preset="exchange-2010")
    assert world.limits.sessions_per_user == 32
    assert world.limits.objects_per_session == SP1_CAPS
    assert world.preset.access_denied_ec == "ecLoginPerm"


def test_limits_override_the_preset_numbers() -> None:
    world = world_with(server_preset="exchange-2003",
                       limits={"sessions_per_user": 5,
                               "objects_per_session": {"objtFolder": 10, "objtMessage": None}})
    assert world.limits.sessions_per_user == 5
    caps = world.limits.objects_per_session
    assert caps["objtFolder"] == 10
    assert "objtMessage" not in caps  # null removes the cap
    assert caps["objtStream"] == 250  # the rest keep the preset's value
    # the preset itself is not changed by a world's override
    assert world_with(server_preset="exchange-2003").limits.objects_per_session == SP1_CAPS


def test_limits_sessions_per_user_null_removes_the_cap() -> None:
    assert world_with(limits={"sessions_per_user": None}).limits.sessions_per_user is None


def test_limits_can_add_caps_to_exchange_55() -> None:
    world = world_with(server_preset="exchange-5.5", limits={"sessions_per_user": 3,
                                                             "objects_per_session": {"objtFolder": 7}})
    assert world.limits.sessions_per_user == 3
    assert world.limits.objects_per_session == {"objtFolder": 7}


def test_emsmdb_overrides_reserved_ids_scope_rule_and_costs() -> None:
    world = world_with(emsmdb={"reserved_logon_ids": [0, 255, 254], "connection_scope": "session",
                               "release_rule": "store-only", "connect_ms": 5, "rpc_ms": 0.5})
    assert world.emsmdb.reserved_logon_ids == frozenset({0, 254, 255})
    assert world.emsmdb.usable_logon_ids == 253
    assert world.emsmdb.connection_scope == "session"
    assert world.emsmdb.release_rule == "store-only"
    assert world.emsmdb.connect_cost_us == 5000
    assert world.emsmdb.rop_cost_us == 500


def test_emsmdb_empty_reserved_list_makes_all_256_ids_usable() -> None:
    assert world_with(emsmdb={"reserved_logon_ids": []}).emsmdb.usable_logon_ids == 256


def test_install_accepts_a_dict_and_a_path(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path, MINIMAL + "mailboxes: [{alias: zed}]\n")
    with fakemapi.installed(path) as fake:
        assert fake.world.source == path
        assert [m.alias for m in fake.world] == ["zed"]
    with fakemapi.installed({"schema_version": 1, "servers": [{"name": "S"}], "mailboxes": [{"alias": "q"}]}) as fake:
        assert fake.world.source is None
        assert fake.world.mailbox("q").server == "S"


def test_install_rejects_other_world_types() -> None:
    with pytest.raises(TypeError) as info:
        fakemapi.install(42)
    assert str(info.value) == "world must be a World, a dict, a path or None, not int"
    assert REGISTRY.fake is None


# =====================================================================================
# WorldError: file, line, column, path, and what was expected

ALL_TOP_KEYS = ("schema_version, organization, server_preset, servers, mailboxes, profiles, emsmdb, limits, "
                "deliveries, distribution_lists")


def test_world_error_is_a_value_error_with_its_position_as_attributes(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: {name: EX01}\n")
    assert isinstance(err, ValueError)
    assert str(err) == f"{path}:2:10: servers: expected a list; got a mapping"
    assert (err.source, err.line, err.column, err.path) == (path, 2, 10, "servers")
    assert err.reason == "expected a list; got a mapping"


def test_yaml_syntax_error_names_file_line_and_column(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: EX01}\nmailboxes: []\n")
    assert str(err) == f"{path}:3:1: not valid YAML: did not find expected ',' or ']'"
    assert (err.line, err.column) == (3, 1)


def test_yaml_tab_indentation_is_a_syntax_error_with_position(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers:\n\t- name: EX01\n")
    assert str(err).startswith(f"{path}:3:1: not valid YAML: ")


def test_unclosed_quote_is_a_syntax_error_with_position(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, 'schema_version: 1\nservers: [{name: "EX01}]\n')
    assert str(err) == f"{path}:3:1: not valid YAML: found unexpected end of stream"


def test_empty_file_says_what_was_expected(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "")
    assert str(err) == f"{path}: the file is empty; expected a mapping with schema_version: 1"


def test_missing_file_is_a_world_error_naming_it(tmp_path: pathlib.Path) -> None:
    path = str(tmp_path / "absent.yaml")
    with pytest.raises(WorldError) as info:
        World.load(path)
    assert str(info.value) == f"{path}: cannot read the world file: No such file or directory"


def test_top_level_list_is_rejected_listing_the_expected_keys(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "- a\n- b\n")
    assert str(err) == f"{path}:1:1: expected a mapping with keys {ALL_TOP_KEYS}; got a list"


def test_unknown_top_level_key_names_it_and_the_allowed_keys(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: EX01}]\nmailbox: []\n")
    # the position is the key's, not its value's
    assert str(err) == f"{path}:3:1: mailbox: unknown key 'mailbox'; expected one of {ALL_TOP_KEYS}"
    assert (err.line, err.column, err.path) == (3, 1, "mailbox")


def test_unknown_key_with_its_value_on_later_lines_points_at_the_key(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb:\n  bogus:\n    - 1\n")
    assert str(err) == (f"{path}:4:3: emsmdb.bogus: unknown key 'bogus'; expected one of reserved_logon_ids, "
                        f"connection_scope, release_rule, connect_ms, rpc_ms")


def test_unknown_nested_key_names_its_path(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\norganization: {name: X, country: Y}\n"
                                     "servers: [{name: EX01}]\n")
    assert str(err) == f"{path}:2:25: organization.country: unknown key 'country'; expected one of name, site"


def test_duplicate_key_points_at_the_second_key(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: EX01}]\nservers: []\n")
    assert str(err) == f"{path}:3:1: servers: duplicate key 'servers'"


def test_missing_schema_version(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "servers: [{name: EX01}]\n")
    assert str(err) == f"{path}:1:1: missing schema_version; expected schema_version: 1"


@pytest.mark.parametrize("value, shown", [("2", "2"), ("'1'", "'1'"), ("v1", "'v1'")])
def test_unsupported_schema_version_names_the_supported_one(tmp_path: pathlib.Path, value: str, shown: str) -> None:
    path, err = load_error(tmp_path, f"schema_version: {value}\nservers: [{{name: EX01}}]\n")
    assert str(err) == (f"{path}:1:17: schema_version: unsupported schema_version {shown}; "
                        f"this fakemapi reads version 1")


def test_missing_servers(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\n")
    assert str(err) == f"{path}:1:1: missing servers; expected a list such as [{{name: EX01}}]"


def test_empty_server_list(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: []\n")
    assert str(err) == f"{path}:2:10: servers: expected at least one server"


def test_server_listed_twice_ignoring_case(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: EX01}, {name: ex01}]\n")
    assert str(err) == f"{path}:2:32: servers[1].name: server 'ex01' is listed twice"


def test_server_name_of_wrong_type(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: true}]\n")
    assert str(err) == f"{path}:2:18: servers[0].name: expected a non-empty string; got a boolean (True)"


def test_unknown_server_preset_lists_the_presets(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "server_preset: exchange-2007\n")
    assert str(err) == (f"{path}:3:16: server_preset: expected one of exchange-5.5, exchange-2003, "
                        f"exchange-2010; got 'exchange-2007'")


def test_mailbox_on_unknown_server_lists_the_servers(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, "schema_version: 1\nservers: [{name: EX01}, {name: EX02}]\nmailboxes:\n"
                                     "  - {alias: a, server: EX09}\n")
    assert str(err) == f"{path}:4:24: mailboxes[0].server: server 'EX09' is not in servers (EX01, EX02)"


def test_duplicate_alias_ignoring_case(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {alias: a}\n  - {alias: A}\n")
    assert str(err) == f"{path}:5:13: mailboxes[1].alias: mailbox alias 'A' is used twice"


def test_generated_alias_colliding_with_a_listed_one(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {alias: u2}\n  - generate: {count: 3, alias: 'u{n}'}\n")
    assert str(err) == f"{path}:5:33: mailboxes[1].generate.alias: mailbox alias 'u2' is used twice"


def test_bad_generate_pattern_says_how_to_write_it(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - generate: {count: 2, alias: 'u{m}'}\n")
    assert str(err) == (f"{path}:4:33: mailboxes[0].generate.alias: bad pattern 'u{{m}}' (unknown field 'm'; "
                        f"expected {{n}}); use {{n}} or {{n:03}}")


def test_generate_count_of_wrong_type(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - generate: {count: many, alias: 'u{n}'}\n")
    assert str(err) == f"{path}:4:23: mailboxes[0].generate.count: expected an integer; got a string ('many')"


def test_generate_with_other_keys_beside_it(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {generate: {count: 2, alias: 'u{n}'}, server: EX01}\n")
    assert str(err) == f"{path}:4:43: mailboxes[0].server: unknown key 'server'; expected one of generate"


def test_grant_naming_an_unknown_mailbox(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {alias: a, grant: [zed]}\n")
    assert str(err) == (f"{path}:4:23: mailboxes[0].grant: grant names 'zed', which is not a mailbox alias "
                        f"in this world")


def test_grant_that_is_not_a_list(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {alias: a, grant: b}\n")
    assert str(err) == f"{path}:4:23: mailboxes[0].grant: expected a list; got a string ('b')"


def test_alias_with_a_slash(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: 'a/b'}]\n")
    assert str(err) == f"{path}:3:21: mailboxes[0].alias: alias 'a/b' may not contain '/' or spaces"


def test_mailbox_without_alias(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - {display_name: Nobody}\n")
    # a missing key has no position of its own: the error points at the entry that lacks it
    assert str(err) == f"{path}:4:5: mailboxes[0].alias: expected a non-empty string; got nothing (null)"


def test_generate_without_count_points_at_the_generate_entry(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes:\n  - generate:\n      alias: 'u{n}'\n")
    assert str(err) == f"{path}:5:7: mailboxes[0].generate.count: expected an integer; got nothing (null)"


def test_unknown_rights(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: a, rights: root}]\n")
    assert str(err) == f"{path}:3:32: mailboxes[0].rights: expected one of user, admin; got 'root'"


def test_profile_naming_an_unknown_mailbox(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: a}]\nprofiles: [{name: P, mailbox: b}]\n")
    assert str(err) == f"{path}:4:31: profiles[0].mailbox: mailbox 'b' is not a mailbox alias in this world"


def test_two_default_profiles(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: a}]\n"
                                               "profiles: [{name: P, mailbox: a, default: true},"
                                               " {name: Q, mailbox: a, default: true}]\n")
    assert str(err) == f"{path}:4:11: profiles: more than one profile has default: true"


def test_profile_default_of_wrong_type(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: a}]\n"
                                               "profiles: [{name: P, mailbox: a, default: 1}]\n")
    assert str(err) == f"{path}:4:43: profiles[0].default: expected true or false; got a number (1)"


def test_profile_listed_twice(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "mailboxes: [{alias: a}]\n"
                                               "profiles: [{name: P, mailbox: a}, {name: p, mailbox: a}]\n")
    assert str(err) == f"{path}:4:42: profiles[1].name: profile 'p' is listed twice"


def test_reserved_logon_id_out_of_range(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb: {reserved_logon_ids: [300]}\n")
    assert str(err) == f"{path}:3:31: emsmdb.reserved_logon_ids[0]: expected an integer 0 to 255; got 300"


def test_reserved_logon_ids_not_a_list(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb: {reserved_logon_ids: 255}\n")
    assert str(err) == f"{path}:3:30: emsmdb.reserved_logon_ids: expected a list; got a number (255)"


def test_reserved_logon_ids_negative(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb: {reserved_logon_ids: [255, -1]}\n")
    assert str(err) == f"{path}:3:36: emsmdb.reserved_logon_ids[1]: expected an integer 0 to 255; got -1"


def test_reserving_every_logon_id(tmp_path: pathlib.Path) -> None:
    ids = ", ".join(str(i) for i in range(256))
    path, err = load_error(tmp_path, MINIMAL + f"emsmdb: {{reserved_logon_ids: [{ids}]}}\n")
    assert str(err) == f"{path}:3:30: emsmdb.reserved_logon_ids: every LogonId is reserved; leave at least one free"


def test_unknown_connection_scope(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb: {connection_scope: thread}\n")
    assert str(err) == f"{path}:3:28: emsmdb.connection_scope: expected one of process, session; got 'thread'"


def test_negative_connect_cost(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "emsmdb: {connect_ms: -1}\n")
    assert str(err) == (f"{path}:3:22: emsmdb.connect_ms: expected a number of milliseconds from 0 to 3,600,000; "
                        f"got a number (-1)")


def test_sessions_per_user_below_one(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "limits: {sessions_per_user: 0}\n")
    assert str(err) == f"{path}:3:29: limits.sessions_per_user: expected an integer at least 1; got 0"


def test_unknown_object_type_lists_the_known_ones(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, MINIMAL + "limits: {objects_per_session: {objtBogus: 3}}\n")
    assert (err.line, err.column, err.path) == (3, 32, "limits.objects_per_session.objtBogus")
    assert err.reason == (
        "unknown key 'objtBogus'; expected one of objtMessage, objtFolder, objtAttachment, objtFolderView, "
        "objtMessageView, objtAttachView, objtStream, objtACLView, objtRulesView, objtFXSrcStrm, objtFXDstStrm, "
        "objtCStream, objtNotify")


def test_errors_in_a_block_style_file_point_at_the_right_line(tmp_path: pathlib.Path) -> None:
    path, err = load_error(tmp_path, """\
schema_version: 1
servers:
  - name: EX01
mailboxes:
  - alias: ann
  - alias: ben
    server: EX02
""")
    assert str(err) == f"{path}:7:13: mailboxes[1].server: server 'EX02' is not in servers (EX01)"


def test_from_dict_errors_name_the_path_without_a_position() -> None:
    with pytest.raises(WorldError) as info:
        World.from_dict({"schema_version": 1, "servers": [{"name": "EX01"}],
                         "mailboxes": [{"alias": "a", "server": "X"}]})
    err = info.value
    assert str(err) == "<world>: mailboxes[0].server: server 'X' is not in servers (EX01)"
    assert (err.source, err.line, err.column) == (None, None, None)


def test_from_dict_errors_use_the_given_source_name() -> None:
    with pytest.raises(WorldError) as info:
        World.from_dict({"servers": [{"name": "EX01"}]}, source="inline-world")
    assert str(info.value) == "inline-world: missing schema_version; expected schema_version: 1"


def test_from_dict_rejects_a_non_mapping() -> None:
    with pytest.raises(WorldError) as info:
        World.from_dict(["schema_version", 1])
    assert str(info.value) == f"<world>: expected a mapping with keys {ALL_TOP_KEYS}; got a list"


def test_install_with_a_bad_world_file_raises_world_error_and_installs_nothing(tmp_path: pathlib.Path) -> None:
    import sys

    path = write(tmp_path, "schema_version: 1\nservers: []\n")
    before = sys.modules.get("win32com.mapi")
    with pytest.raises(WorldError):
        fakemapi.install(path)
    assert sys.modules.get("win32com.mapi") is before

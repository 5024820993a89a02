"""The server side: organization, servers, mailboxes, rights, limits, presets."""

from fakemapi.world.loader import WorldError
from fakemapi.world.model import Mailbox, ProfileSpec, Server, World

__all__ = ["Mailbox", "ProfileSpec", "Server", "World", "WorldError"]

"""The Emsmdb32 model: RPC connections, the one-byte logon table, connection policy."""

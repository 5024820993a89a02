"""The MAPI client of each simulated process: init count, profiles, sessions, objects."""

"""Subcommands of `paradiplomacy`, one module each (see `paradiplomacy.cli`)."""

"""Checks of annotation and prediction files, reported as `paradiplomacy.problems.Problem`s.

Kept import-light: `paradiplomacy --help` imports the command module, which imports only `report` from here.
"""

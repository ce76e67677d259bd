"""Scoring: mention matching, agreements, sectors, uncertainty and the results object."""

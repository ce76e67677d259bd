"""Error analysis for people: the HTML report (`paradiplomacy report`), its leaderboard chart, and the
per-label, per-language and paired-error views `evaluate --show` prints."""

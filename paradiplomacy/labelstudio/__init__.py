"""Label Studio round trip: a labeling configuration and tasks generated from the schema, and the way back.

Everything Label Studio shows is derived from `schema/annotation.schema.json` and the vocabularies (see
`fields`), so a new label, agreement type, status, sector or entity attribute appears without code changes.
What Label Studio cannot hold natively (canonical names, GPE country and level, dates, amounts) travels in
per-region text areas and choices, and the document's own fields in the task's data: the round trip
gold -> tasks -> export -> gold is lossless.
"""

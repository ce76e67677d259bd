"""Extractors: anything that turns a document into a prediction, run in-process or as a subprocess.

`registry.resolve(spec)` finds one by entry-point name or `module:attribute`; `base.run_extractor` runs it
over documents; `external.ExternalProgram` speaks JSON Lines with a separate program.
"""

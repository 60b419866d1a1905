"""SIE 4 files from the accounting system: read and check them, and map their accounts to the
lines of the resultaträkning, balansräkning, kassaflödesanalys and driftredovisning.

- :func:`rapportkarna.sie.reader.read_sie` — a file → :class:`~rapportkarna.sie.model.SieFile`,
  or :class:`~rapportkarna.errors.ValidationFailed` with every problem;
- :func:`rapportkarna.sie.mapping.load_mapping` — ``kommun-bas``, ``bas`` or a mapping file, with
  overrides;
- :func:`rapportkarna.sie.figures.apply_mapping` — Decimal figures per statement line and year;
- :data:`rapportkarna.sie.cli.sie` — the ``rapportkarna sie`` command group.

See docs/sie.md.
"""

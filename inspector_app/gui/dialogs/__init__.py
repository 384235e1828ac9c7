"""Dialogs of the workstation window (opened with ``open()``/``show()``, never a blocking ``exec()`` in tests)."""

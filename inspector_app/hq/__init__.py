"""The headquarters server ``inspector-hq``: FastAPI app, its own store (SQLite or PostgreSQL), admin CLI.

Imports domain, sync (the wire protocol), security and storage helpers only — never services or the GUI.
"""

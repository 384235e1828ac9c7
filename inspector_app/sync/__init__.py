"""Sync with headquarters: the wire protocol (shared with HQ), the outbox, the HTTP client, reference-data
application and USB bundles. Imports domain, storage and security only; never services, GUI or HQ."""

"""What one HQ process works with: its settings, database, key and stores (no web framework imported here, so
the admin commands start quickly)."""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.hq.attachment_store import HqAttachmentStore
from inspector_app.hq.device_registry import DeviceRegistry
from inspector_app.hq.hq_identity import HqIdentity
from inspector_app.hq.hq_settings import HqSettings
from inspector_app.hq.record_review import RecordReview
from inspector_app.hq.record_store import RecordStore
from inspector_app.hq.reference_store import ReferenceStore
from inspector_app.hq.signature_pool import SignaturePool
from inspector_app.hq.storage.database import HqDatabase, open_hq_database


@dataclass(frozen=True, slots=True)
class HqServices:
    """What the request handlers use; one per process."""

    settings: HqSettings
    database: HqDatabase
    identity: HqIdentity
    registry: DeviceRegistry
    records: RecordStore
    review: RecordReview
    attachments: HqAttachmentStore
    reference: ReferenceStore

    def close(self) -> None:
        """Release the database connections and stop the signature workers."""
        self.records.close()
        self.database.close()


def open_services(settings: HqSettings) -> HqServices:
    """Open the database (migrating it when the settings say so) and HQ's key; build the stores."""
    database = open_hq_database(settings.resolved_database_url, settings.pool)
    try:
        if settings.migrate_on_start:
            database.migrate()
        else:
            database.require_current_schema()
        identity = HqIdentity.load(settings.data_dir, database)
    except BaseException:
        database.close()
        raise
    return HqServices(
        settings=settings,
        database=database,
        identity=identity,
        registry=DeviceRegistry(database, identity),
        records=RecordStore(database, SignaturePool()),
        review=RecordReview(database),
        attachments=HqAttachmentStore(database),
        reference=ReferenceStore(database),
    )

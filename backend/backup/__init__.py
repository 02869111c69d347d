"""Backups: a consistent logical dump of every table plus the content files, and its restore.

The dump is written by our own code through SQLAlchemy, so it works on SQLite and PostgreSQL
alike and can move a deployment from one to the other. `create_backup` (dump.py) writes a
folder, `restore_backup` (restore.py) reads one back; manifest.py is the folder's format and
schema.py the transaction and schema handling both share.
"""

from backend.backup.dump import BackupSummary, create_backup, tables_to_dump
from backend.backup.manifest import BackupError, Manifest, verify
from backend.backup.restore import RestoreSummary, restore_backup

__all__ = [
    "BackupError",
    "BackupSummary",
    "Manifest",
    "RestoreSummary",
    "create_backup",
    "restore_backup",
    "tables_to_dump",
    "verify",
]

"""The editorial workflow: draft → review → published → archived, with full history.

The one module callers import. It re-exports `drafts` (the working copy: create, save,
submit, restore) and `review` (send back, approve with four eyes, publish directly, archive).
Every operation writes a revision (and, for publications, archiving and restores, an audit
entry) in the caller's transaction. The steps that change the published item (approve,
publish directly, archive) are carried out through `editorial.publishing`, which commits and
then updates the search index.
"""

from __future__ import annotations

from backend.editorial.drafts import (
    EditConflict,
    InvalidItem,
    PersonalDataFound,
    WorkflowError,
    WorkingCopy,
    acknowledge,
    create_item,
    newest_version,
    personal_data,
    restore,
    save_draft,
    submit_for_review,
    text_hits,
    unmarked_hits,
    working_copy,
)
from backend.editorial.review import (
    ApprovalConflict,
    ReviewInfo,
    approve,
    archive,
    publish_directly,
    review_info,
    send_back,
    version_authors,
)

__all__ = [
    "ApprovalConflict",
    "EditConflict",
    "InvalidItem",
    "PersonalDataFound",
    "ReviewInfo",
    "WorkflowError",
    "WorkingCopy",
    "acknowledge",
    "approve",
    "archive",
    "create_item",
    "newest_version",
    "personal_data",
    "publish_directly",
    "restore",
    "review_info",
    "save_draft",
    "send_back",
    "submit_for_review",
    "text_hits",
    "unmarked_hits",
    "version_authors",
    "working_copy",
]

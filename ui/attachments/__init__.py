"""Photos and files on a record (issue 13): the panel a visit, complaint, quote and customer
show, the photo viewer, and the screens' shots. The writes are ``local_db.attachments``;
see docs/ARCHITECTURE.md, "Attachments"."""

from ui.attachments.panel import AttachmentsPanel

__all__ = ["AttachmentsPanel"]

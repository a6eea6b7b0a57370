"""The closed vocabularies of the domain (their meaning: docs/DOMAIN.md).

Values are stable English identifiers stored in both databases and sent over the wire;
the words users read (Chinese or English) are the UI's business, see ``ui/labels.py``.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    REP = "rep"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class NodeKind(StrEnum):
    """Levels of the territory tree: region (大区) → territory (片区) → grid cell (网格)."""

    REGION = "region"
    TERRITORY = "territory"
    GRID = "grid"


class CustomerType(StrEnum):
    ORGANISATION = "organisation"
    HOUSEHOLD = "household"
    INDIVIDUAL = "individual"


class ValueTier(StrEnum):
    VIP = "vip"
    MAJOR = "major"
    ORDINARY = "ordinary"
    SMALL = "small"


class LifecycleStage(StrEnum):
    PROSPECT = "prospect"
    DEVELOPMENT = "development"
    GROWTH = "growth"
    MATURITY = "maturity"
    TERMINATION = "termination"


class SalesStage(StrEnum):
    NEW = "new"
    TARGET = "target"
    POTENTIAL = "potential"
    INTENT = "intent"


class VisitGrade(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class CreditGrade(StrEnum):
    AAA = "AAA"
    AA = "AA"
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class DecisionRole(StrEnum):
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    IMPLEMENTER = "implementer"
    NEGOTIATOR = "negotiator"
    USER = "user"


class Stance(StrEnum):
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    OPPONENT = "opponent"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class VisitPurpose(StrEnum):
    ROUTINE = "routine"
    SALES = "sales"
    COLLECTION = "collection"
    DELIVERY = "delivery"
    COMPLAINT = "complaint"
    INSPECTION = "inspection"
    RELATIONSHIP = "relationship"


class VisitChannel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class VisitOutcome(StrEnum):
    ORDER = "order"
    QUOTE_REQUESTED = "quote_requested"
    FOLLOW_UP = "follow_up"
    NO_INTEREST = "no_interest"


class LocationSource(StrEnum):
    GPS = "gps"
    NETWORK = "network"
    MANUAL = "manual"


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class ComplaintChannel(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    EMAIL = "email"
    HOTLINE = "hotline"
    WEB = "web"


class ComplaintCategory(StrEnum):
    PRODUCT_QUALITY = "product_quality"
    SERVICE = "service"
    DELIVERY = "delivery"
    BILLING = "billing"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ComplaintStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Remedy(StrEnum):
    REPLACE = "replace"
    REPAIR = "repair"
    REFUND = "refund"
    COMPENSATION = "compensation"
    APOLOGY = "apology"


class EscalationLevel(StrEnum):
    REP = "rep"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"
    CHEQUE = "cheque"
    ONLINE = "online"


class ReceivableStatus(StrEnum):
    OPEN = "open"
    PARTIAL = "partial"
    PAID = "paid"
    WRITTEN_OFF = "written_off"


class AttachmentParent(StrEnum):
    """The record a photo or file is attached to."""

    VISIT = "visit"
    COMPLAINT = "complaint"
    QUOTE = "quote"
    CUSTOMER = "customer"

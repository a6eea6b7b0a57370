"""The words users read for each enum value, in every shipped language.

Enum values are stable English identifiers (``domain.enums``); this table is the one place
that turns them into text. Each enum has its own translation context because the same
English word can need different Chinese: a visit "in progress" is 进行中, a complaint
"in progress" is 处理中.

The entries are marked with ``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` collects them;
``label()`` translates at call time, so the current language is used.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from domain import enums as E

LABELS: dict[type[Enum], dict[Enum, str]] = {
    E.Role: {
        E.Role.REP: QT_TRANSLATE_NOOP("Role", "Sales rep"),
        E.Role.SUPERVISOR: QT_TRANSLATE_NOOP("Role", "Supervisor"),
        E.Role.ADMIN: QT_TRANSLATE_NOOP("Role", "Administrator"),
    },
    E.NodeKind: {
        E.NodeKind.REGION: QT_TRANSLATE_NOOP("NodeKind", "Region"),
        E.NodeKind.TERRITORY: QT_TRANSLATE_NOOP("NodeKind", "Territory"),
        E.NodeKind.GRID: QT_TRANSLATE_NOOP("NodeKind", "Grid cell"),
    },
    E.CustomerType: {
        E.CustomerType.ORGANISATION: QT_TRANSLATE_NOOP("CustomerType", "Organisation"),
        E.CustomerType.HOUSEHOLD: QT_TRANSLATE_NOOP("CustomerType", "Household"),
        E.CustomerType.INDIVIDUAL: QT_TRANSLATE_NOOP("CustomerType", "Individual"),
    },
    E.ValueTier: {
        E.ValueTier.VIP: QT_TRANSLATE_NOOP("ValueTier", "VIP"),
        E.ValueTier.MAJOR: QT_TRANSLATE_NOOP("ValueTier", "Major"),
        E.ValueTier.ORDINARY: QT_TRANSLATE_NOOP("ValueTier", "Ordinary"),
        E.ValueTier.SMALL: QT_TRANSLATE_NOOP("ValueTier", "Small"),
    },
    E.LifecycleStage: {
        E.LifecycleStage.PROSPECT: QT_TRANSLATE_NOOP("LifecycleStage", "Prospect"),
        E.LifecycleStage.DEVELOPMENT: QT_TRANSLATE_NOOP("LifecycleStage", "Development"),
        E.LifecycleStage.GROWTH: QT_TRANSLATE_NOOP("LifecycleStage", "Growth"),
        E.LifecycleStage.MATURITY: QT_TRANSLATE_NOOP("LifecycleStage", "Maturity"),
        E.LifecycleStage.TERMINATION: QT_TRANSLATE_NOOP("LifecycleStage", "Termination"),
    },
    E.SalesStage: {
        E.SalesStage.NEW: QT_TRANSLATE_NOOP("SalesStage", "New"),
        E.SalesStage.TARGET: QT_TRANSLATE_NOOP("SalesStage", "Target"),
        E.SalesStage.POTENTIAL: QT_TRANSLATE_NOOP("SalesStage", "Potential"),
        E.SalesStage.INTENT: QT_TRANSLATE_NOOP("SalesStage", "Intent"),
    },
    E.VisitGrade: {
        E.VisitGrade.A: QT_TRANSLATE_NOOP("VisitGrade", "A"),
        E.VisitGrade.B: QT_TRANSLATE_NOOP("VisitGrade", "B"),
        E.VisitGrade.C: QT_TRANSLATE_NOOP("VisitGrade", "C"),
    },
    E.CreditGrade: {g: g.value for g in E.CreditGrade},  # AAA…D read the same in both languages
    E.DecisionRole: {
        E.DecisionRole.DECISION_MAKER: QT_TRANSLATE_NOOP("DecisionRole", "Decision-maker"),
        E.DecisionRole.INFLUENCER: QT_TRANSLATE_NOOP("DecisionRole", "Influencer"),
        E.DecisionRole.IMPLEMENTER: QT_TRANSLATE_NOOP("DecisionRole", "Implementer"),
        E.DecisionRole.NEGOTIATOR: QT_TRANSLATE_NOOP("DecisionRole", "Negotiator"),
        E.DecisionRole.USER: QT_TRANSLATE_NOOP("DecisionRole", "User"),
    },
    E.Stance: {
        E.Stance.SUPPORTER: QT_TRANSLATE_NOOP("Stance", "Supporter"),
        E.Stance.NEUTRAL: QT_TRANSLATE_NOOP("Stance", "Neutral"),
        E.Stance.OPPONENT: QT_TRANSLATE_NOOP("Stance", "Opponent"),
    },
    E.VisitStatus: {
        E.VisitStatus.PLANNED: QT_TRANSLATE_NOOP("VisitStatus", "Planned"),
        E.VisitStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("VisitStatus", "In progress"),
        E.VisitStatus.SUBMITTED: QT_TRANSLATE_NOOP("VisitStatus", "Submitted"),
        E.VisitStatus.APPROVED: QT_TRANSLATE_NOOP("VisitStatus", "Approved"),
        E.VisitStatus.RETURNED: QT_TRANSLATE_NOOP("VisitStatus", "Returned"),
        E.VisitStatus.CANCELLED: QT_TRANSLATE_NOOP("VisitStatus", "Cancelled"),
    },
    E.VisitPurpose: {
        E.VisitPurpose.ROUTINE: QT_TRANSLATE_NOOP("VisitPurpose", "Routine visit"),
        E.VisitPurpose.SALES: QT_TRANSLATE_NOOP("VisitPurpose", "Sales talk"),
        E.VisitPurpose.COLLECTION: QT_TRANSLATE_NOOP("VisitPurpose", "Collection"),
        E.VisitPurpose.DELIVERY: QT_TRANSLATE_NOOP("VisitPurpose", "Delivery"),
        E.VisitPurpose.COMPLAINT: QT_TRANSLATE_NOOP("VisitPurpose", "Complaint handling"),
        E.VisitPurpose.INSPECTION: QT_TRANSLATE_NOOP("VisitPurpose", "Inspection"),
        E.VisitPurpose.RELATIONSHIP: QT_TRANSLATE_NOOP("VisitPurpose", "Relationship care"),
    },
    E.VisitChannel: {
        E.VisitChannel.IN_PERSON: QT_TRANSLATE_NOOP("VisitChannel", "In person"),
        E.VisitChannel.PHONE: QT_TRANSLATE_NOOP("VisitChannel", "Phone"),
        E.VisitChannel.VIDEO: QT_TRANSLATE_NOOP("VisitChannel", "Video"),
    },
    E.VisitOutcome: {
        E.VisitOutcome.ORDER: QT_TRANSLATE_NOOP("VisitOutcome", "Order taken"),
        E.VisitOutcome.QUOTE_REQUESTED: QT_TRANSLATE_NOOP("VisitOutcome", "Quote requested"),
        E.VisitOutcome.FOLLOW_UP: QT_TRANSLATE_NOOP("VisitOutcome", "Follow-up needed"),
        E.VisitOutcome.NO_INTEREST: QT_TRANSLATE_NOOP("VisitOutcome", "No interest"),
    },
    E.LocationSource: {
        E.LocationSource.GPS: QT_TRANSLATE_NOOP("LocationSource", "GPS"),
        E.LocationSource.NETWORK: QT_TRANSLATE_NOOP("LocationSource", "Network"),
        E.LocationSource.MANUAL: QT_TRANSLATE_NOOP("LocationSource", "Entered by hand"),
    },
    E.QuoteStatus: {
        E.QuoteStatus.DRAFT: QT_TRANSLATE_NOOP("QuoteStatus", "Draft"),
        E.QuoteStatus.PENDING_APPROVAL: QT_TRANSLATE_NOOP("QuoteStatus", "Pending approval"),
        E.QuoteStatus.APPROVED: QT_TRANSLATE_NOOP("QuoteStatus", "Approved"),
        E.QuoteStatus.SENT: QT_TRANSLATE_NOOP("QuoteStatus", "Sent"),
        E.QuoteStatus.ACCEPTED: QT_TRANSLATE_NOOP("QuoteStatus", "Accepted"),
        E.QuoteStatus.REJECTED: QT_TRANSLATE_NOOP("QuoteStatus", "Rejected"),
        E.QuoteStatus.EXPIRED: QT_TRANSLATE_NOOP("QuoteStatus", "Expired"),
        E.QuoteStatus.CANCELLED: QT_TRANSLATE_NOOP("QuoteStatus", "Cancelled"),
    },
    E.ComplaintChannel: {
        E.ComplaintChannel.VISIT: QT_TRANSLATE_NOOP("ComplaintChannel", "During a visit"),
        E.ComplaintChannel.PHONE: QT_TRANSLATE_NOOP("ComplaintChannel", "Phone"),
        E.ComplaintChannel.EMAIL: QT_TRANSLATE_NOOP("ComplaintChannel", "Email"),
        E.ComplaintChannel.HOTLINE: QT_TRANSLATE_NOOP("ComplaintChannel", "Hotline"),
        E.ComplaintChannel.WEB: QT_TRANSLATE_NOOP("ComplaintChannel", "Website"),
    },
    E.ComplaintCategory: {
        E.ComplaintCategory.PRODUCT_QUALITY: QT_TRANSLATE_NOOP("ComplaintCategory", "Product quality"),
        E.ComplaintCategory.SERVICE: QT_TRANSLATE_NOOP("ComplaintCategory", "Service"),
        E.ComplaintCategory.DELIVERY: QT_TRANSLATE_NOOP("ComplaintCategory", "Delivery"),
        E.ComplaintCategory.BILLING: QT_TRANSLATE_NOOP("ComplaintCategory", "Billing"),
        E.ComplaintCategory.OTHER: QT_TRANSLATE_NOOP("ComplaintCategory", "Other"),
    },
    E.Severity: {
        E.Severity.LOW: QT_TRANSLATE_NOOP("Severity", "Low"),
        E.Severity.MEDIUM: QT_TRANSLATE_NOOP("Severity", "Medium"),
        E.Severity.HIGH: QT_TRANSLATE_NOOP("Severity", "High"),
        E.Severity.CRITICAL: QT_TRANSLATE_NOOP("Severity", "Critical"),
    },
    E.ComplaintStatus: {
        E.ComplaintStatus.NEW: QT_TRANSLATE_NOOP("ComplaintStatus", "New"),
        E.ComplaintStatus.ACKNOWLEDGED: QT_TRANSLATE_NOOP("ComplaintStatus", "Acknowledged"),
        E.ComplaintStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("ComplaintStatus", "In progress"),
        E.ComplaintStatus.RESOLVED: QT_TRANSLATE_NOOP("ComplaintStatus", "Resolved"),
        E.ComplaintStatus.FOLLOW_UP: QT_TRANSLATE_NOOP("ComplaintStatus", "Follow-up"),
        E.ComplaintStatus.CLOSED: QT_TRANSLATE_NOOP("ComplaintStatus", "Closed"),
    },
    E.Remedy: {
        E.Remedy.REPLACE: QT_TRANSLATE_NOOP("Remedy", "Replacement"),
        E.Remedy.REPAIR: QT_TRANSLATE_NOOP("Remedy", "Repair"),
        E.Remedy.REFUND: QT_TRANSLATE_NOOP("Remedy", "Refund"),
        E.Remedy.COMPENSATION: QT_TRANSLATE_NOOP("Remedy", "Compensation"),
        E.Remedy.APOLOGY: QT_TRANSLATE_NOOP("Remedy", "Apology"),
    },
    E.EscalationLevel: {
        E.EscalationLevel.REP: QT_TRANSLATE_NOOP("EscalationLevel", "Sales rep"),
        E.EscalationLevel.SUPERVISOR: QT_TRANSLATE_NOOP("EscalationLevel", "Supervisor"),
        E.EscalationLevel.ADMIN: QT_TRANSLATE_NOOP("EscalationLevel", "Administrator"),
    },
    E.PaymentMethod: {
        E.PaymentMethod.BANK_TRANSFER: QT_TRANSLATE_NOOP("PaymentMethod", "Bank transfer"),
        E.PaymentMethod.CASH: QT_TRANSLATE_NOOP("PaymentMethod", "Cash"),
        E.PaymentMethod.CHEQUE: QT_TRANSLATE_NOOP("PaymentMethod", "Cheque"),
        E.PaymentMethod.ONLINE: QT_TRANSLATE_NOOP("PaymentMethod", "Online payment"),
    },
    E.ReceivableStatus: {
        E.ReceivableStatus.OPEN: QT_TRANSLATE_NOOP("ReceivableStatus", "Open"),
        E.ReceivableStatus.PARTIAL: QT_TRANSLATE_NOOP("ReceivableStatus", "Partly paid"),
        E.ReceivableStatus.PAID: QT_TRANSLATE_NOOP("ReceivableStatus", "Paid"),
        E.ReceivableStatus.WRITTEN_OFF: QT_TRANSLATE_NOOP("ReceivableStatus", "Written off"),
    },
    E.AttachmentParent: {
        E.AttachmentParent.VISIT: QT_TRANSLATE_NOOP("AttachmentParent", "Visit"),
        E.AttachmentParent.COMPLAINT: QT_TRANSLATE_NOOP("AttachmentParent", "Complaint"),
        E.AttachmentParent.QUOTE: QT_TRANSLATE_NOOP("AttachmentParent", "Quote"),
        E.AttachmentParent.CUSTOMER: QT_TRANSLATE_NOOP("AttachmentParent", "Customer"),
    },
}


def label(enum: type[Enum], value: str | Enum | None) -> str:
    """The user's word for ``value`` of ``enum``; "" for None, the raw value if unknown.

    An unknown value (a newer server sent a state this client does not know yet) is shown
    as it is rather than hidden, so the row still makes sense.
    """
    if value is None or value == "":
        return ""
    try:
        member = enum(value)
    except ValueError:
        return str(value)
    source = LABELS[enum][member]
    return QCoreApplication.translate(enum.__name__, source)


def labels_of(enum: type[Enum]) -> list[str]:
    """Every label of ``enum`` in the current language (to size a column for the longest)."""
    return [label(enum, m) for m in enum]

"""Static reference data and per-preset parameters of the demo-data generator.

Everything that shapes the generated helpdesk lives here: the intent taxonomy (volume share,
how hard each intent is for the AI, owning team, human handle time, the action the AI can
take), the channel and priority mixes, and one `Preset` per maturity stage. A preset gives the
latest month's targets (deflection, containment, resolution quality, CSAT gap) and the value
the AI starts from in its first month; months in between are interpolated (see `Preset.at`).

Targets are chosen in the middle of each band of `spec/maturity.md`, so that the latest month
lands at the preset's stage with margin, and presets are monotone (stage N+1 >= stage N).

Scope: the critical intents (security, legal, payment disputes; `Intent.critical`) are never
autonomous. Stage 3 (the default demo) makes the 15 easiest of the 17 other intents autonomous
(the stage's "categories covered >= 15") and keeps the two hardest, technical troubleshooting and
bug reports, in draft_assist: they are the demo's expansion candidates, with drafts and QA as
their readiness evidence. Stages 4 and 5 make all 17 autonomous.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Intents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intent:
    """One support intent (category)."""

    name: str
    share: float  # share of all conversations
    difficulty: float  # relative weight for escalation / false deflection (1 = average)
    team: str  # human team that owns it
    aht_minutes: float  # pre-AI human handle time, minutes
    action: str | None  # action the AI can take autonomously (action_taken.action_name)
    urgency: float  # multiplier on the chance of high / urgent priority
    # a critical category of the pilot plan (security, legal, payment disputes): never put in
    # autonomous scope by any preset (it may be in shadow or draft_assist). The same names are
    # in seeds/expansion_excluded_intents.csv, which keeps them out of the expansion candidates
    # (tests/python/test_generator.py checks the two agree)
    critical: bool = False


INTENTS: tuple[Intent, ...] = (
    Intent("password_reset", 0.075, 0.45, "Account & Security", 6.0, "send_reset_link", 0.8),
    Intent("billing_question", 0.070, 0.95, "Billing", 11.0, "lookup_invoice", 1.0),
    Intent("shipping_status", 0.070, 0.50, "Orders", 7.0, "lookup_order", 0.9),
    Intent("refund_request", 0.060, 1.20, "Billing", 14.0, "issue_refund", 1.2),
    Intent("order_cancellation", 0.055, 0.70, "Orders", 9.0, "cancel_order", 1.1),
    Intent("technical_troubleshooting", 0.055, 1.60, "Technical", 24.0, "run_diagnostics", 1.3),
    Intent("account_access", 0.050, 0.85, "Account & Security", 10.0, "unlock_account", 1.4),
    Intent("plan_change", 0.050, 0.75, "Billing", 10.0, "change_plan", 0.8),
    Intent("feature_question", 0.050, 0.90, "Tier 1", 11.0, None, 0.7),
    Intent("bug_report", 0.045, 1.50, "Technical", 20.0, "create_bug_ticket", 1.3),
    Intent("invoice_copy", 0.045, 0.55, "Billing", 6.0, "send_invoice", 0.7),
    Intent("integration_setup", 0.045, 1.35, "Technical", 22.0, "send_setup_guide", 0.9),
    Intent("cancellation_request", 0.045, 1.40, "Billing", 13.0, "schedule_cancellation", 1.0),
    Intent("data_export", 0.040, 0.90, "Technical", 12.0, "start_data_export", 0.8),
    Intent("security_concern", 0.040, 1.80, "Account & Security", 18.0, "revoke_sessions", 2.0, critical=True),
    Intent("address_change", 0.040, 0.60, "Orders", 7.0, "update_address", 0.8),
    Intent("product_return", 0.040, 1.00, "Orders", 12.0, "create_return_label", 1.0),
    Intent("user_management", 0.035, 0.80, "Account & Security", 9.0, "invite_user", 0.8),
    Intent("payment_dispute", 0.020, 1.90, "Billing", 22.0, None, 1.8, critical=True),
    Intent("legal_request", 0.010, 1.70, "Tier 1", 25.0, None, 1.5, critical=True),
)
INTENT_NAMES: tuple[str, ...] = tuple(i.name for i in INTENTS)
CRITICAL_INTENT_NAMES: frozenset[str] = frozenset(i.name for i in INTENTS if i.critical)
N_INTENTS = len(INTENTS)  # 20
OTHER = N_INTENTS  # intent code of "other" (novel intents)
UNKNOWN = -1  # intent code of a null intent
OTHER_SHARE = 0.03
UNKNOWN_SHARE = 0.03
OTHER_INTENT = Intent("other", OTHER_SHARE, 1.5, "Tier 1", 14.0, None, 1.0)
UNKNOWN_INTENT = Intent("unknown", UNKNOWN_SHARE, 1.4, "Tier 1", 12.0, None, 1.0)

# AI easiness order (the order in which intents go to draft_assist in a pilot)
EASINESS_ORDER: tuple[int, ...] = tuple(
    sorted(range(N_INTENTS), key=lambda i: (INTENTS[i].difficulty, i))
)
# the order in which intents go autonomous: easiest first, never a critical intent
AUTONOMY_ORDER: tuple[int, ...] = tuple(i for i in EASINESS_ORDER if not INTENTS[i].critical)


def intent_spec(code: int) -> Intent:
    """The Intent for an intent code (0..N_INTENTS - 1, OTHER, UNKNOWN)."""
    if code == OTHER:
        return OTHER_INTENT
    if code < 0:
        return UNKNOWN_INTENT
    return INTENTS[code]


# --------------------------------------------------------------------------------------------
# Channels, priorities, teams
# --------------------------------------------------------------------------------------------

CHANNELS: tuple[str, ...] = ("chat", "email", "web", "voice", "social", "api")
CHANNEL_SHARES: tuple[float, ...] = (0.36, 0.24, 0.14, 0.09, 0.08, 0.09)
CH_CHAT, CH_EMAIL, CH_WEB, CH_VOICE, CH_SOCIAL, CH_API = range(6)
# the platform scores sentiment on these channels; email and voice have NULL sentiment_score
PLATFORM_SENTIMENT_CHANNELS: frozenset[int] = frozenset({CH_CHAT, CH_WEB, CH_SOCIAL, CH_API})
# how readily the AI front door takes a conversation of each channel (voice bots are rarer)
CHANNEL_AI_WEIGHT: tuple[float, ...] = (1.06, 0.98, 1.06, 0.45, 1.02, 1.04)
CHANNEL_HANDLE_MULT: tuple[float, ...] = (1.0, 1.05, 1.0, 1.35, 0.95, 1.0)

PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
PRIORITY_SHARES: tuple[float, ...] = (0.22, 0.56, 0.17, 0.05)
PRIORITY_AI_WEIGHT: tuple[float, ...] = (1.05, 1.02, 0.95, 0.7)

HUMAN_TEAMS: tuple[str, ...] = ("Tier 1", "Billing", "Orders", "Technical", "Account & Security")
TEAM_HOURLY_COST: dict[str, tuple[float, float]] = {
    "Tier 1": (25.0, 32.0),
    "Billing": (30.0, 38.0),
    "Orders": (26.0, 33.0),
    "Technical": (36.0, 45.0),
    "Account & Security": (32.0, 42.0),
    "Quality": (34.0, 42.0),
    "Customer Success": (38.0, 45.0),
}
AI_TEAM = "AI Agent"
CONVERSATIONS_PER_AGENT_MONTH = 300.0

SEGMENTS: tuple[str, ...] = ("SMB", "Mid-Market", "Enterprise")
SEGMENT_SHARES: tuple[float, ...] = (0.56, 0.31, 0.13)
SEGMENT_SIZE: tuple[float, ...] = (1.0, 4.0, 14.0)  # relative number of customers (users)
SEGMENT_ARR: tuple[tuple[float, float], ...] = ((4_000, 40_000), (40_000, 250_000), (250_000, 2_000_000))
SEGMENT_ANNUAL_CHURN: tuple[float, ...] = (0.20, 0.11, 0.06)
PLANS_BY_SEGMENT: tuple[tuple[str, ...], ...] = (
    ("starter", "growth"),
    ("growth", "business"),
    ("business", "enterprise"),
)

# --------------------------------------------------------------------------------------------
# Volume shape
# --------------------------------------------------------------------------------------------

MONTHLY_GROWTH = 1.03
WEEKDAY_FACTOR: tuple[float, ...] = (1.0, 1.02, 1.0, 0.98, 0.92, 0.45, 0.36)  # Mon..Sun
HOUR_WEIGHTS_WEEKDAY: tuple[float, ...] = (
    0.22, 0.18, 0.16, 0.16, 0.2, 0.3, 0.5, 0.85, 1.3, 1.7, 1.85, 1.85,
    1.75, 1.85, 1.85, 1.75, 1.6, 1.3, 1.0, 0.8, 0.62, 0.5, 0.38, 0.28,
)
HOUR_WEIGHTS_WEEKEND: tuple[float, ...] = (
    0.35, 0.3, 0.25, 0.22, 0.22, 0.25, 0.35, 0.5, 0.7, 0.9, 1.05, 1.1,
    1.1, 1.1, 1.1, 1.05, 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42,
)

# --------------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------------


Ramp = tuple[float, float]  # (value in the first AI month, value in the latest month)


@dataclass(frozen=True)
class Preset:
    """Parameters of one maturity preset. Ramps go from the first AI month to the latest month."""

    name: str
    stage: int
    ai: bool  # any AI activity at all
    autonomous_intents: int  # intents with autonomous scope by the end (AUTONOMY_ORDER: easiest first, never critical)
    draft_intents: int  # stage 1: intents moved from shadow to draft_assist (the rest stay in shadow); later
    # stages move every intent to draft_assist, and the ones not autonomous stay there
    ai_other: bool  # the AI also answers conversations of unknown / "other" intent
    deflection: float  # target deflection rate of the latest month (all conversations)
    containment: Ramp = (0.0, 0.0)  # deflected / ai_involved
    quality: Ramp = (0.0, 0.0)  # truly resolved / deflected
    csat_gap: Ramp = (0.0, 0.0)  # ai_only minus human_only share satisfied
    human_satisfied: float = 0.79  # human-only CSAT share scoring 4-5
    draft_accuracy: Ramp = (0.6, 0.7)  # drafts sent as is / drafts
    intent_accuracy: Ramp = (0.86, 0.9)  # AI intent equals the labelled intent
    context_summary: Ramp = (0.6, 0.75)  # handoffs passing a context summary
    policy_compliance: float = 0.85  # must-escalate conversations the AI escalated
    unnecessary_escalation: float = 0.07  # QA: escalations judged unnecessary
    missed_escalation: float = 0.35  # QA: false deflections judged a missed escalation
    critical_error_rate: float = 0.02  # QA critical error among reviewed false deflections
    min_ai_per_intent: int = 0  # floor of AI conversations per autonomous intent and month
    ai_usage_usd: float = 0.55  # AI usage cost per AI-involved conversation
    ai_license_per_conversation: float = 0.22  # monthly licence / average monthly volume
    cs_ai_share: float = 0.0  # share of CS interventions with AI involvement (latest month)
    stable: bool = False  # full scope and coverage from go-live (no rollout ramp): see STABLE_PRESETS

    def __post_init__(self) -> None:
        if not 0 <= self.autonomous_intents <= len(AUTONOMY_ORDER):
            raise ValueError(f"{self.name}: autonomous_intents must be 0..{len(AUTONOMY_ORDER)} "
                             "(the non-critical intents)")

    def at(self, ramp: Ramp, progress: float) -> float:
        """Interpolate a ramp: progress 0 = first AI month, 1 = latest month."""
        start, end = ramp
        return start + (end - start) * (max(0.0, min(1.0, progress)) ** 0.8)


PRESETS: dict[str, Preset] = {
    "stage0": Preset(
        name="stage0", stage=0, ai=False, autonomous_intents=0, draft_intents=0,
        ai_other=False, deflection=0.0,
    ),
    "stage1": Preset(
        name="stage1", stage=1, ai=True, autonomous_intents=0, draft_intents=8,
        ai_other=False, deflection=0.0,
        draft_accuracy=(0.55, 0.72), intent_accuracy=(0.84, 0.9), cs_ai_share=0.15,
    ),
    "stage2": Preset(
        # seven intents (37% of the volume; five were 34.5% in the 15-intent taxonomy): the same
        # deflection spread over them leaves their human-only stream CSAT responses to compare
        # like for like (with five or six it falls to about the minimum n at test sizes)
        name="stage2", stage=2, ai=True, autonomous_intents=7, draft_intents=N_INTENTS,
        ai_other=False, deflection=0.175,
        containment=(0.55, 0.68), quality=(0.78, 0.86), csat_gap=(-0.03, 0.045),
        draft_accuracy=(0.78, 0.88), intent_accuracy=(0.87, 0.92),
        context_summary=(0.6, 0.75), policy_compliance=0.86,
        unnecessary_escalation=0.09, missed_escalation=0.4, critical_error_rate=0.03,
        min_ai_per_intent=0, cs_ai_share=0.3,
    ),
    "stage3": Preset(
        name="stage3", stage=3, ai=True, autonomous_intents=15, draft_intents=N_INTENTS,
        ai_other=True, deflection=0.355,
        containment=(0.52, 0.645), quality=(0.84, 0.95), csat_gap=(-0.01, 0.06),
        draft_accuracy=(0.84, 0.9), intent_accuracy=(0.9, 0.94),
        context_summary=(0.65, 0.82), policy_compliance=0.92,
        unnecessary_escalation=0.05, missed_escalation=0.3, critical_error_rate=0.02,
        min_ai_per_intent=30, cs_ai_share=0.5,
    ),
    "stage4": Preset(
        name="stage4", stage=4, ai=True, autonomous_intents=len(AUTONOMY_ORDER), draft_intents=N_INTENTS,
        ai_other=True, deflection=0.55,
        containment=(0.68, 0.905), quality=(0.88, 0.948), csat_gap=(0.02, 0.09),
        draft_accuracy=(0.86, 0.92), intent_accuracy=(0.91, 0.95),
        context_summary=(0.7, 0.88), policy_compliance=0.95,
        unnecessary_escalation=0.04, missed_escalation=0.25, critical_error_rate=0.015,
        min_ai_per_intent=30, cs_ai_share=0.65,
    ),
    "stage5": Preset(
        name="stage5", stage=5, ai=True, autonomous_intents=len(AUTONOMY_ORDER), draft_intents=N_INTENTS,
        ai_other=True, deflection=0.755,
        containment=(0.8, 0.977), quality=(0.9, 0.972), csat_gap=(0.04, 0.13),
        draft_accuracy=(0.88, 0.94), intent_accuracy=(0.93, 0.97),
        context_summary=(0.8, 0.93), policy_compliance=0.97,
        unnecessary_escalation=0.03, missed_escalation=0.2, critical_error_rate=0.01,
        min_ai_per_intent=30, ai_usage_usd=0.5, ai_license_per_conversation=0.2,
        cs_ai_share=0.8,
    ),
}

# Presets outside the maturity ladder (not in PRESETS, so not in the stage-by-stage checks).
# "stable": an AI whose performance does not change over time (flat ramps, every intent
# autonomous and the same routing coverage from go-live), for measuring the alerts' false-alarm
# rate (tests/python/test_alert_false_alarms.py).
STABLE_PRESETS: dict[str, Preset] = {
    "stable": Preset(
        name="stable", stage=3, ai=True, autonomous_intents=15, draft_intents=N_INTENTS,
        ai_other=True, deflection=0.355,
        containment=(0.6, 0.6), quality=(0.9, 0.9), csat_gap=(0.02, 0.02),
        draft_accuracy=(0.87, 0.87), intent_accuracy=(0.92, 0.92),
        context_summary=(0.75, 0.75), policy_compliance=0.92,
        unnecessary_escalation=0.05, missed_escalation=0.3, critical_error_rate=0.02,
        min_ai_per_intent=0, cs_ai_share=0.5, stable=True,
    ),
}
ALL_PRESETS: dict[str, Preset] = {**PRESETS, **STABLE_PRESETS}

# CSAT response rate and the satisfied share of escalated (ai_then_human) conversations
CSAT_RESPONSE_RATE = 0.25
ESCALATED_SATISFIED_DELTA = -0.05
FALSE_DEFLECTION_SATISFIED = 0.3

# Kinds of negative signal planted on a false deflection (weights)
FD_KINDS: tuple[str, ...] = ("return", "follow_up", "reopen", "negative_sentiment", "low_csat")
FD_KIND_WEIGHTS: tuple[float, ...] = (0.30, 0.08, 0.20, 0.27, 0.15)
FD_RETURN, FD_FOLLOW_UP, FD_REOPEN, FD_NEG_SENTIMENT, FD_LOW_CSAT = range(5)

# Escalation variants (weights); policy_rule is reserved for must-escalate conversations
ESC_TRIGGERS: tuple[str, ...] = (
    "customer_request", "low_confidence", "negative_sentiment", "complexity", "policy_rule", "timeout",
)
ESC_IMPLICIT = 6  # a human replies after the AI with no handoff row
ESC_WEIGHTS: tuple[float, ...] = (0.25, 0.24, 0.12, 0.18, 0.0, 0.08, 0.13)

MUST_ESCALATE_RATE = 0.02  # conversations whose customer writes a must-escalate phrase
DUPLICATE_RATE = 0.005  # exact duplicate rows injected into several tables
SUPERSEDED_RATE = 0.004  # older versions of conversation rows
CHUNK_CONVERSATIONS = 50_000

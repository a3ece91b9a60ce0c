-- No column of a handoff mart holds PII (see macros/tests/marts_hold_no_pii.sql).
-- depends_on: {{ ref('fct_handoff_performance') }}
-- depends_on: {{ ref('fct_post_handoff_resolution') }}
-- depends_on: {{ ref('fct_escalation_quality') }}
-- depends_on: {{ ref('fct_policy_compliance') }}
{{ marts_hold_no_pii([
    'fct_handoff_performance',
    'fct_post_handoff_resolution',
    'fct_escalation_quality',
    'fct_policy_compliance',
]) }}

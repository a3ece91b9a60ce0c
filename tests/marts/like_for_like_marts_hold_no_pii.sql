-- No column of the like-for-like marts holds PII (see macros/tests/marts_hold_no_pii.sql).
-- depends_on: {{ ref('fct_csat_gap_like_for_like') }}
-- depends_on: {{ ref('fct_first_response_like_for_like') }}
{{ marts_hold_no_pii([
    'fct_csat_gap_like_for_like',
    'fct_first_response_like_for_like',
]) }}

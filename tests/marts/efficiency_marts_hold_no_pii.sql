-- No column of a efficiency mart holds PII (see macros/tests/marts_hold_no_pii.sql).
-- depends_on: {{ ref('fct_first_response_times') }}
-- depends_on: {{ ref('fct_first_response_baseline') }}
-- depends_on: {{ ref('fct_handle_time') }}
-- depends_on: {{ ref('fct_escalation_timing') }}
-- depends_on: {{ ref('fct_peak_hour_resolution') }}
-- depends_on: {{ ref('fct_sla_attainment') }}
{{ marts_hold_no_pii([
    'fct_first_response_times',
    'fct_first_response_baseline',
    'fct_handle_time',
    'fct_escalation_timing',
    'fct_peak_hour_resolution',
    'fct_sla_attainment',
]) }}

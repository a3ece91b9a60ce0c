-- No column of a resolution quality mart holds PII (see macros/tests/marts_hold_no_pii.sql).
-- depends_on: {{ ref('fct_resolution_quality') }}
-- depends_on: {{ ref('fct_resolution_quality_daily') }}
{{ marts_hold_no_pii([
    'fct_resolution_quality',
    'fct_resolution_quality_daily',
]) }}

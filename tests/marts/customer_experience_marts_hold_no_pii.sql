-- No column of a customer experience mart holds PII (see macros/tests/marts_hold_no_pii.sql).
-- depends_on: {{ ref('fct_csat_streams') }}
-- depends_on: {{ ref('fct_csat_gap') }}
-- depends_on: {{ ref('fct_conversation_experience') }}
-- depends_on: {{ ref('fct_sentiment_trajectory') }}
-- depends_on: {{ ref('fct_abandonment') }}
-- depends_on: {{ ref('fct_abandonment_drop_off') }}
-- depends_on: {{ ref('fct_customer_effort') }}
{{ marts_hold_no_pii([
    'fct_csat_streams',
    'fct_csat_gap',
    'fct_conversation_experience',
    'fct_sentiment_trajectory',
    'fct_abandonment',
    'fct_abandonment_drop_off',
    'fct_customer_effort',
]) }}

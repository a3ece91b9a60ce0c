{#- With var pilot_start_date unset (null) there is no pilot: the pilot marts are empty, and the
    terminal scorecard says so. With a start date, the weekly mart has four weeks. -#}

{%- if var('pilot_start_date', none) is none %}

    select
        'fct_pilot_weekly_metrics' as relation_name,
        count(*) as unexpected_rows
    from {{ ref('fct_pilot_weekly_metrics') }}
    having count(*) > 0
    union all
    select
        'rpt_pilot_scorecard' as relation_name,
        count(*) as unexpected_rows
    from {{ ref('rpt_pilot_scorecard') }}
    having count(*) > 0
    union all
    select
        'rpt_pilot_decision' as relation_name,
        count(*) as unexpected_rows
    from {{ ref('rpt_pilot_decision') }}
    having count(*) > 0

{%- else %}

select 'fct_pilot_weekly_metrics' as relation_name, count(distinct pilot_week) as pilot_weeks
from {{ ref('fct_pilot_weekly_metrics') }}
having count(distinct pilot_week) != 4

{%- endif %}

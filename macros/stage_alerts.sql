{#- The texts and extra rows of fct_stage_alerts (docs in models/marts/stage_assessment/_stage_assessment__models.yml). -#}

{#- A fraction as a percentage with one decimal, as text. -#}
{% macro _alert_pct(expression) -%}
    cast(round(cast(100 * {{ expression }} as {{ dbt.type_numeric() }}), 1) as {{ dbt.type_string() }})
{%- endmacro %}

{#- The readable message of an alert row of fct_stage_alerts (columns of its `unioned` CTE). -#}
{% macro stage_alert_message() -%}
    {%- set txt = dbt.type_string() %}
    {%- set pct = supportmetrics._alert_pct %}
    case
        when metric = 'escalation_rate'
            then 'escalation rate ' || {{ pct('metric_value') }}
                || '% is ' || cast(round(cast(change_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                || 'x its trailing ' || cast({{ var('alert_trailing_days') }} as {{ txt }}) || '-day rate of '
                || {{ pct('baseline_value') }} || '%, above its upper control limit of '
                || {{ pct('upper_control_limit') }} || '% at '
                || cast(volume as {{ txt }}) || ' conversations'
        when metric = 'true_resolution_rate'
            then 'true resolution ' || {{ pct('metric_value') }}
                || '% is ' || cast(round(cast(-1 * change_value as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                || ' points under its trailing ' || cast({{ var('alert_trailing_days') }} as {{ txt }}) || '-day rate of '
                || {{ pct('baseline_value') }} || '%, below its lower control limit of '
                || {{ pct('lower_control_limit') }} || '% at '
                || cast(volume as {{ txt }}) || ' judged conversations'
        when metric = 'channel_displacement'
            then 'channel displacement: AI deflection is up while ' || substr(scope, 9) || ' takes '
                || {{ pct('metric_value') }} || '% of the week''s volume against '
                || {{ pct('baseline_value') }} || '% before the AI (' || cast(volume as {{ txt }})
                || ' conversations): customers may be avoiding the AI'
        else 'AI CSAT (% satisfied) fell two weeks running: '
            || {{ pct('baseline_value') }} || '% -> ' || {{ pct('metric_value') }} || '%'
    end
{%- endmacro %}

{#- Channel-displacement alerts from fct_channel_displacement (`relation`): one per complete week
    whose human-only channel is flagged, dated the week's last day, in the columns of
    fct_stage_alerts' `unioned` CTE. Volume = the channel's conversations of the week; baseline =
    its pre-AI share (and conversations); change = points of volume share; threshold 0 = the
    lower bound of the change's interval above zero (fct_channel_displacement). -#}
{% macro channel_displacement_alert_rows(relation) -%}
    {%- set double = supportmetrics.type_double() %}
    select
        cast({{ dbt.dateadd('day', -1, 'period_end') }} as date) as alert_date,
        'channel_displacement' as metric,
        'channel:' || channel as scope,
        volume_share as metric_value,
        baseline_volume_share as baseline_value,
        share_change_points as change_value,
        'points' as change_unit,
        cast(0 as {{ double }}) as alert_threshold,
        conversations as volume,
        baseline_conversations as baseline_volume,
        'warning' as severity,
        cast(null as {{ double }}) as lower_control_limit,
        cast(null as {{ double }}) as upper_control_limit,
        cast(null as {{ double }}) as control_limit_z
    from {{ relation }}
    where period_grain = 'week'
        and is_complete
        and is_flagged
{%- endmacro %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

bounds as (

    select cast(max(high_water_mark_at) as date) as last_data_date
    from facts

),

months as (

    select cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start
    from facts
    group by 1

),

month_periods as (

    select
        'month' as period_type,
        months.period_start,
        cast({{ dbt.dateadd('month', 1, 'months.period_start') }} as date) as period_end,
        cast(null as {{ dbt.type_int() }}) as trailing_offset,
        cast({{ dbt.dateadd('month', -1, 'months.period_start') }} as date) as previous_period_start,
        bounds.last_data_date
    from months
    cross join bounds

),

trailing_offsets as (

    select 0 as trailing_offset
    union all
    select 1 as trailing_offset

),

{%- set days = var('assessment_trailing_days') %}

trailing_periods as (

    -- window k (0 = latest) covers [last day + 1 - days * (k + 1), last day + 1 - days * k)
    select
        'trailing' as period_type,
        cast({{ dbt.dateadd('day', '1 - ' ~ days ~ ' * (trailing_offsets.trailing_offset + 1)', 'bounds.last_data_date') }} as date)
            as period_start,
        cast({{ dbt.dateadd('day', '1 - ' ~ days ~ ' * trailing_offsets.trailing_offset', 'bounds.last_data_date') }} as date)
            as period_end,
        trailing_offsets.trailing_offset,
        cast({{ dbt.dateadd('day', '1 - ' ~ days ~ ' * (trailing_offsets.trailing_offset + 2)', 'bounds.last_data_date') }} as date)
            as previous_period_start,
        bounds.last_data_date
    from trailing_offsets
    cross join bounds
    where bounds.last_data_date is not null

),

unioned as (

    select * from month_periods
    union all
    select * from trailing_periods

),

flagged as (

    select
        period_type,
        period_start,
        period_end,
        previous_period_start,
        trailing_offset,
        last_data_date,
        {{ dbt.datediff('period_start', 'period_end', 'day') }} as period_days,
        period_end <= {{ dbt.dateadd('day', 1, 'last_data_date') }} as is_complete
    from unioned

),

final as (

    select
        period_type,
        period_start,
        period_end,
        previous_period_start,
        trailing_offset,
        period_days,
        is_complete,
        period_type = 'month'
        and is_complete
        and period_start = max(case when period_type = 'month' and is_complete then period_start end) over ()
            as is_latest_complete_month,
        period_type = 'trailing' and trailing_offset = 0 as is_latest_trailing,
        last_data_date
    from flagged

)

select * from final

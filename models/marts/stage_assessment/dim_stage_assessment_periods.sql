with

conversations as (

    select * from {{ ref('stg_helpdesk__conversations') }}

),

high_water_mark as (

    select * from {{ ref('int_data_high_water_mark') }}

),

bounds as (

    -- the last day with data: the one high-water mark of the raw data (int_data_high_water_mark),
    -- read directly so the calendar sits low in the DAG (every stage model reads it)
    select cast(max(high_water_mark_at) as date) as last_data_date
    from high_water_mark

),

months as (

    select cast({{ dbt.date_trunc('month', 'created_at') }} as date) as period_start
    from conversations
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

month_of_trailing as (

    -- a trailing window reads a monthly-only metric from the latest complete calendar month that
    -- ends by the window's end
    select
        flagged.period_start,
        max(months.period_start) as value_month_start
    from flagged
    inner join flagged as months
        on months.period_type = 'month'
            and months.is_complete
            and months.period_end <= flagged.period_end
    where flagged.period_type = 'trailing'
    group by 1

),

final as (

    select
        flagged.period_type,
        flagged.period_start,
        flagged.period_end,
        flagged.previous_period_start,
        flagged.trailing_offset,
        flagged.period_days,
        flagged.is_complete,
        flagged.period_type = 'month'
        and flagged.is_complete
        and flagged.period_start = max(case when flagged.period_type = 'month' and flagged.is_complete then flagged.period_start end) over ()
            as is_latest_complete_month,
        flagged.period_type = 'trailing' and flagged.trailing_offset = 0 as is_latest_trailing,
        flagged.last_data_date,
        -- the month whose row a monthly-only metric reads, and on what basis
        case when flagged.period_type = 'month' then flagged.period_start else month_of_trailing.value_month_start end
            as value_month_start,
        case when flagged.period_type = 'month' then 'period' else 'latest_complete_month' end as value_month_basis
    from flagged
    left join month_of_trailing
        on flagged.period_type = 'trailing'
            and flagged.period_start = month_of_trailing.period_start

)

select * from final

{%- set grains = ['week', 'month'] %}
{%- set double = supportmetrics.type_double() %}
{#- a channel or intent absent from the baseline had 0 conversations there -#}
{%- set baseline_n = 'coalesce(baseline_counts.baseline_conversations, 0)' %}

with

facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

baseline as (

    select * from {{ ref('int_ai_rollout_baseline') }}

),

periodised as (

    {%- for grain in grains %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'created_date') }} as date) as period_start,
            {{ supportmetrics.unknown_if_null('channel') }} as channel,
            intent_label as intent,
            customer_id,
            is_ai_involved,
            is_deflected
        from facts
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

last_data as (

    select max(created_date) as last_data_date
    from facts

),

period_totals as (

    select
        periodised.period_grain,
        periodised.period_start,
        case
            when periodised.period_grain = 'week' then cast({{ dbt.dateadd('day', 7, 'periodised.period_start') }} as date)
            else cast({{ dbt.dateadd('month', 1, 'periodised.period_start') }} as date)
        end as period_end,
        count(*) as period_conversations,
        count(distinct periodised.customer_id) as period_active_customers
    from periodised
    group by 1, 2

),

periods as (

    select
        period_totals.*,
        period_totals.period_end <= cast({{ dbt.dateadd('day', 1, 'last_data.last_data_date') }} as date) as is_complete,
        coalesce(
            baseline.has_baseline
            and period_totals.period_start >= baseline.baseline_start_month
            and period_totals.period_end <= baseline.baseline_end_month,
            false
        ) as is_baseline_period,
        coalesce(period_totals.period_start >= baseline.baseline_end_month, false) as is_post_ai_period
    from period_totals
    cross join last_data
    cross join baseline

),

channel_counts as (

    -- every channel in every period (0 when silent), and each intent where it has conversations
    select
        periodised.period_grain,
        periodised.period_start,
        periodised.channel,
        'all' as intent,
        count(*) as conversations,
        sum(case when periodised.is_ai_involved then 1 else 0 end) as ai_involved_conversations,
        sum(case when periodised.is_deflected then 1 else 0 end) as deflected_conversations
    from periodised
    group by 1, 2, 3

    union all

    select
        period_grain,
        period_start,
        channel,
        intent,
        count(*) as conversations,
        sum(case when is_ai_involved then 1 else 0 end) as ai_involved_conversations,
        sum(case when is_deflected then 1 else 0 end) as deflected_conversations
    from periodised
    group by 1, 2, 3, 4

),

channels as (

    select channel
    from periodised
    group by 1

),

spined as (

    select
        periods.period_grain,
        periods.period_start,
        channels.channel,
        'all' as intent
    from periods
    cross join channels

    union all

    select
        period_grain,
        period_start,
        channel,
        intent
    from channel_counts
    where intent != 'all'

),

counted as (

    select
        spined.period_grain,
        spined.period_start,
        spined.channel,
        spined.intent,
        periods.period_end,
        periods.is_complete,
        periods.is_baseline_period,
        periods.is_post_ai_period,
        periods.period_conversations,
        periods.period_active_customers,
        coalesce(channel_counts.conversations, 0) as conversations,
        coalesce(channel_counts.ai_involved_conversations, 0) as ai_involved_conversations,
        coalesce(channel_counts.deflected_conversations, 0) as deflected_conversations,
        coalesce(channel_totals.conversations, 0) as channel_conversations
    from spined
    inner join periods
        on spined.period_grain = periods.period_grain
            and spined.period_start = periods.period_start
    left join channel_counts
        on spined.period_grain = channel_counts.period_grain
            and spined.period_start = channel_counts.period_start
            and spined.channel = channel_counts.channel
            and spined.intent = channel_counts.intent
    left join channel_counts as channel_totals
        on spined.period_grain = channel_totals.period_grain
            and spined.period_start = channel_totals.period_start
            and spined.channel = channel_totals.channel
            and channel_totals.intent = 'all'

),

baseline_totals as (

    select
        period_grain,
        count(*) as baseline_periods,
        sum(period_conversations) as baseline_period_conversations,
        sum(period_active_customers) as baseline_customer_periods
    from periods
    where is_baseline_period
    group by 1

),

baseline_counts as (

    select
        period_grain,
        channel,
        intent,
        sum(conversations) as baseline_conversations,
        sum(deflected_conversations) as baseline_deflected_conversations,
        sum(channel_conversations) as baseline_channel_conversations
    from counted
    where is_baseline_period
    group by 1, 2, 3

),

final as (

    select
        counted.period_grain,
        counted.period_start,
        cast(counted.period_end as date) as period_end,
        counted.channel,
        counted.intent,
        counted.is_complete,
        counted.is_baseline_period,
        counted.is_post_ai_period,
        counted.conversations,
        cast(counted.ai_involved_conversations as {{ dbt.type_bigint() }}) as ai_involved_conversations,
        cast(counted.deflected_conversations as {{ dbt.type_bigint() }}) as deflected_conversations,
        counted.channel_conversations,
        counted.period_conversations,
        counted.period_active_customers,
        {{ supportmetrics.proportion('counted.conversations', 'counted.period_conversations') }} as volume_share,
        {{ supportmetrics.proportion('counted.conversations', 'counted.channel_conversations') }} as share_of_channel,
        {{ supportmetrics.proportion('counted.ai_involved_conversations', 'counted.conversations') }} as ai_involved_share,
        {{ supportmetrics.proportion('counted.deflected_conversations', 'counted.conversations') }} as deflection_rate,
        {{ supportmetrics.proportion('counted.conversations', 'counted.period_active_customers') }} as conversations_per_customer,
        coalesce(baseline_totals.baseline_periods, 0) as baseline_periods,
        cast(coalesce(baseline_counts.baseline_conversations, 0) as {{ dbt.type_bigint() }}) as baseline_conversations,
        cast(coalesce(baseline_counts.baseline_deflected_conversations, 0) as {{ dbt.type_bigint() }}) as baseline_deflected_conversations,
        cast(coalesce(baseline_counts.baseline_channel_conversations, 0) as {{ dbt.type_bigint() }}) as baseline_channel_conversations,
        cast(coalesce(baseline_totals.baseline_period_conversations, 0) as {{ dbt.type_bigint() }}) as baseline_period_conversations,
        cast(coalesce(baseline_totals.baseline_customer_periods, 0) as {{ dbt.type_bigint() }}) as baseline_customer_periods,
        {{ supportmetrics.proportion(baseline_n, 'baseline_totals.baseline_period_conversations') }} as baseline_volume_share,
        {{ supportmetrics.proportion(baseline_n, 'baseline_totals.baseline_customer_periods') }}
            as baseline_conversations_per_customer,
        100 * (
            {{ supportmetrics.proportion('counted.conversations', 'counted.period_conversations') }}
            - {{ supportmetrics.proportion(baseline_n, 'baseline_totals.baseline_period_conversations') }}
        ) as share_change_points,
        cast(counted.conversations as {{ double }})
        / nullif(cast({{ baseline_n }} as {{ double }}) / baseline_totals.baseline_periods, 0) - 1 as volume_change_rate
    from counted
    left join baseline_totals
        on counted.period_grain = baseline_totals.period_grain
    left join baseline_counts
        on counted.period_grain = baseline_counts.period_grain
            and counted.channel = baseline_counts.channel
            and counted.intent = baseline_counts.intent

)

select * from final

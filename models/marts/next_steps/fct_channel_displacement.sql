{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}
{%- set min_volume = var('channel_displacement_min_volume') %}
{%- set max_ai_share = var('channel_human_only_max_ai_share') %}

with

channel_volume as (

    select * from {{ ref('fct_channel_volume') }}
    where intent = 'all'
        and is_post_ai_period

),

roles as (

    -- human-only: the AI does not work in the channel while it works in another one (a period in
    -- which the AI answers nowhere, as in shadow mode, has no human-only channel)
    select
        channel_volume.*,
        coalesce(ai_involved_share, 0) <= {{ max_ai_share }}
        and max(coalesce(ai_involved_share, 0)) over (partition by period_grain, period_start) > {{ max_ai_share }}
            as is_human_only_channel
    from channel_volume

),

ai_channels as (

    -- the channels the AI works in during the period, and the same channels in the pre-AI baseline
    select
        period_grain,
        period_start,
        sum(conversations) as ai_channel_conversations,
        sum(deflected_conversations) as ai_channel_deflected_conversations,
        sum(baseline_conversations) as baseline_ai_channel_conversations,
        sum(baseline_deflected_conversations) as baseline_ai_channel_deflected_conversations
    from roles
    where coalesce(ai_involved_share, 0) > {{ max_ai_share }}
    group by 1, 2

),

joined as (

    select
        roles.*,
        coalesce(ai_channels.ai_channel_conversations, 0) as ai_channel_conversations,
        coalesce(ai_channels.ai_channel_deflected_conversations, 0) as ai_channel_deflected_conversations,
        coalesce(ai_channels.baseline_ai_channel_conversations, 0) as baseline_ai_channel_conversations,
        coalesce(ai_channels.baseline_ai_channel_deflected_conversations, 0) as baseline_ai_channel_deflected_conversations,
        cast(roles.conversations as {{ double }}) / nullif(roles.period_active_customers, 0)
        - cast(roles.baseline_conversations as {{ double }}) / nullif(roles.baseline_customer_periods, 0)
            as per_customer_change,
        -- Poisson variance of a count per customer: count / customers^2, summed over both periods
        cast(roles.conversations as {{ double }}) / nullif(roles.period_active_customers * roles.period_active_customers, 0)
        + cast(roles.baseline_conversations as {{ double }})
        / nullif(roles.baseline_customer_periods * roles.baseline_customer_periods, 0) as per_customer_change_variance
    from roles
    left join ai_channels
        on roles.period_grain = ai_channels.period_grain
            and roles.period_start = ai_channels.period_start

),

intervals as (

    select
        joined.*,
        100 * {{ supportmetrics.diff_proportion_lower(
            'conversations', 'period_conversations', 'baseline_conversations', 'baseline_period_conversations') }}
            as share_change_lower_points,
        100 * {{ supportmetrics.diff_proportion_upper(
            'conversations', 'period_conversations', 'baseline_conversations', 'baseline_period_conversations') }}
            as share_change_upper_points,
        {{ supportmetrics.normal_interval_lower('per_customer_change', 'per_customer_change_variance') }}
            as per_customer_change_lower,
        {{ supportmetrics.normal_interval_upper('per_customer_change', 'per_customer_change_variance') }}
            as per_customer_change_upper,
        {{ supportmetrics.proportion('ai_channel_deflected_conversations', 'ai_channel_conversations') }}
            as ai_channel_deflection_rate,
        {{ supportmetrics.proportion('baseline_ai_channel_deflected_conversations', 'baseline_ai_channel_conversations') }}
            as baseline_ai_channel_deflection_rate,
        100 * {{ supportmetrics.diff_proportion_lower(
            'ai_channel_deflected_conversations', 'ai_channel_conversations',
            'baseline_ai_channel_deflected_conversations', 'baseline_ai_channel_conversations') }}
            as deflection_change_lower_points
    from joined

),

judged as (

    select
        intervals.*,
        least(conversations, baseline_conversations, ai_channel_conversations, baseline_ai_channel_conversations) as n,
        is_human_only_channel
        and least(conversations, baseline_conversations, ai_channel_conversations, baseline_ai_channel_conversations)
        >= {{ min_volume }} as is_judged,
        -- beyond noise: the lower bound of each change's interval is above zero
        coalesce(deflection_change_lower_points > 0, false) as is_deflection_rising,
        coalesce(share_change_lower_points > 0, false) as is_share_rising,
        coalesce(per_customer_change_lower > 0, false) as is_per_customer_rising
    from intervals

),

final as (

    select
        period_grain,
        period_start,
        period_end,
        channel,
        is_complete,
        is_human_only_channel,
        ai_involved_share,
        conversations,
        period_conversations,
        cast(baseline_conversations as {{ dbt.type_bigint() }}) as baseline_conversations,
        cast(baseline_period_conversations as {{ dbt.type_bigint() }}) as baseline_period_conversations,
        volume_share,
        baseline_volume_share,
        share_change_points,
        share_change_lower_points,
        share_change_upper_points,
        conversations_per_customer,
        baseline_conversations_per_customer,
        per_customer_change,
        per_customer_change_lower,
        per_customer_change_upper,
        cast(ai_channel_conversations as {{ dbt.type_bigint() }}) as ai_channel_conversations,
        cast(ai_channel_deflected_conversations as {{ dbt.type_bigint() }}) as ai_channel_deflected_conversations,
        cast(baseline_ai_channel_conversations as {{ dbt.type_bigint() }}) as baseline_ai_channel_conversations,
        cast(baseline_ai_channel_deflected_conversations as {{ dbt.type_bigint() }}) as baseline_ai_channel_deflected_conversations,
        ai_channel_deflection_rate,
        baseline_ai_channel_deflection_rate,
        deflection_change_lower_points,
        is_deflection_rising,
        is_share_rising,
        is_per_customer_rising,
        is_judged and is_deflection_rising and (is_share_rising or is_per_customer_rising) as is_flagged,
        case
            when not is_human_only_channel then null
            when is_judged and is_deflection_rising and (is_share_rising or is_per_customer_rising) then 'fail'
            when is_judged then 'pass'
            else 'insufficient_data'
        end as verdict,
        cast(n as {{ dbt.type_bigint() }}) as n,
        cast({{ min_volume }} as {{ dbt.type_int() }}) as min_n,
        case
            when not is_human_only_channel then 'not judged: not a human-only channel beside AI channels'
            when is_judged and is_deflection_rising and (is_share_rising or is_per_customer_rising)
                then 'fail: AI deflection up while ' || channel || ' volume '
                    || case when is_share_rising then 'share ' else 'per customer ' end || 'rises beyond noise'
            when is_judged then 'pass'
            else 'insufficient data: n = ' || cast(n as {{ txt }}) || ' conversation(s), needs {{ min_volume }}'
        end as verdict_text
    from judged

)

select * from final

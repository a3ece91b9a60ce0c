{%- set classes = ['good', 'poor', 'no_ai', 'insufficient_data'] %}

with

accounts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_account_ai_experience') }}

),

segmented as (

    select
        account_segment,
        ai_experience_class,
        is_churned,
        arr_usd
    from accounts
    union all
    select
        'All' as account_segment,
        ai_experience_class,
        is_churned,
        arr_usd
    from accounts

),

aggregated as (

    select
        account_segment,
        count(*) as accounts,
        count(is_churned) as churn_known_accounts,
        -- churn counts are null, never 0, where no account's churn is known (the source cannot carry it)
        case when count(is_churned) > 0 then sum(case when is_churned then 1 else 0 end) end as churned_accounts,
        {%- for class in classes %}
            sum(case when ai_experience_class = '{{ class }}' then 1 else 0 end) as {{ class }}_accounts,
            case
                when count(is_churned) > 0
                    then sum(case when ai_experience_class = '{{ class }}' and is_churned then 1 else 0 end)
            end as {{ class }}_churned_accounts,
            count(case when ai_experience_class = '{{ class }}' then is_churned end) as {{ class }}_churn_known_accounts,
        {%- endfor %}
        sum(case when ai_experience_class = 'good' then arr_usd end) as good_arr_usd,
        case
            when count(case when ai_experience_class = 'good' then arr_usd end) > 0
                then sum(case when ai_experience_class = 'good' and is_churned then arr_usd else 0 end)
        end as good_churned_arr_usd,
        sum(case when ai_experience_class = 'poor' then arr_usd end) as poor_arr_usd,
        case
            when count(case when ai_experience_class = 'poor' then arr_usd end) > 0
                then sum(case when ai_experience_class = 'poor' and is_churned then arr_usd else 0 end)
        end as poor_churned_arr_usd
    from segmented
    group by 1

),

final as (

    select
        account_segment,
        accounts,
        churned_accounts,
        {%- for class in classes %}
            {{ class }}_accounts,
            {{ class }}_churned_accounts,
        {%- endfor %}
        good_arr_usd,
        good_churned_arr_usd,
        poor_arr_usd,
        poor_churned_arr_usd,
        -- rates over the accounts whose churn is known (all of them, unless the helpdesk source
        -- cannot carry churn: then null, never 0)
        cast(churned_accounts as {{ supportmetrics.type_double() }}) / nullif(churn_known_accounts, 0) as churn_rate,
        {%- for class in classes %}
            cast({{ class }}_churned_accounts as {{ supportmetrics.type_double() }})
            / nullif({{ class }}_churn_known_accounts, 0) as {{ class }}_churn_rate,
        {%- endfor %}
        good_churned_arr_usd / nullif(good_arr_usd, 0) as good_arr_churn_rate,
        poor_churned_arr_usd / nullif(poor_arr_usd, 0) as poor_arr_churn_rate,
        100 * (
            cast(poor_churned_accounts as {{ supportmetrics.type_double() }}) / nullif(poor_churn_known_accounts, 0)
            - cast(good_churned_accounts as {{ supportmetrics.type_double() }}) / nullif(good_churn_known_accounts, 0)
        ) as churn_rate_gap_points,
        case
            when churn_known_accounts = 0 and accounts > 0 then 'churn_not_carried_by_source'
            when good_accounts = 0 and poor_accounts = 0 then 'no_accounts_with_ai_experience'
            when good_accounts = 0 then 'no_good_experience_accounts'
            when poor_accounts = 0 then 'no_poor_experience_accounts'
        end as churn_rate_gap_missing_reason
    from aggregated

)

select * from final

{%- set catch_all_list = "'" ~ var('catch_all_intents') | join("', '") ~ "'" %}
{%- set slices = {'overall': "'all'", 'labelled_intent': 'labelled_intent', 'channel': 'channel'} %}

with

qa_reviews as (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

ai_signals as (

    select * from {{ ref('int_learning_conversation_ai_signals') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

compared as (

    select
        qa_reviews.review_id,
        cast({{ dbt.date_trunc('month', 'qa_reviews.reviewed_at') }} as date) as review_month,
        qa_reviews.labelled_intent,
        facts.channel,
        ai_signals.ai_intent,
        coalesce(ai_signals.ai_intent = qa_reviews.labelled_intent, false) as is_correct,
        ai_signals.ai_intent is null as is_unclassified,
        coalesce(ai_signals.ai_intent in ({{ catch_all_list }}), false) as is_classified_catch_all
    from qa_reviews
    inner join ai_signals
        on qa_reviews.conversation_id = ai_signals.conversation_id
    inner join facts
        on qa_reviews.conversation_id = facts.conversation_id
    where ai_signals.has_intent_classified
        and qa_reviews.labelled_intent is not null

),

sliced as (

    {{ supportmetrics.slice_fanout('compared', slices, [
        'review_month',
        'is_correct',
        'is_unclassified',
        'is_classified_catch_all',
    ]) }}

),

aggregated as (

    select
        review_month,
        slice_dimension,
        slice_value,
        count(*) as compared_reviews,
        sum(case when is_correct then 1 else 0 end) as correct_classifications,
        sum(case when is_unclassified then 1 else 0 end) as unclassified_reviews,
        sum(case when is_classified_catch_all then 1 else 0 end) as classified_as_catch_all
    from sliced
    group by 1, 2, 3

),

final as (

    select
        review_month,
        slice_dimension,
        slice_value,
        compared_reviews,
        correct_classifications,
        unclassified_reviews,
        classified_as_catch_all,
        cast(correct_classifications as {{ supportmetrics.type_double() }}) / nullif(compared_reviews, 0)
            as intent_recognition_accuracy
    from aggregated

)

select * from final

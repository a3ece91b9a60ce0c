with

qa_reviews as (

    select * from {{ ref('int_qa_reviews_scored') }}

),

facts as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_conversation_facts') }}

),

feedback as (

    select * from {{ ref('stg_helpdesk__message_feedback') }}

),

messages as (

    select * from {{ ref('int_messages_sequenced') }}

),

ai_reviews as (

    select
        cast({{ dbt.date_trunc('month', 'qa_reviews.reviewed_at') }} as date) as accuracy_month,
        facts.intent_label as intent,
        qa_reviews.accuracy_score,
        qa_reviews.is_accuracy_ok
    from qa_reviews
    inner join facts
        on qa_reviews.conversation_id = facts.conversation_id
    where facts.is_ai_involved

),

ai_feedback as (

    select
        cast({{ dbt.date_trunc('month', 'feedback.created_at') }} as date) as accuracy_month,
        facts.intent_label as intent,
        feedback.is_helpful
    from feedback
    inner join messages
        on feedback.message_id = messages.message_id
    inner join facts
        on messages.conversation_id = facts.conversation_id
    where messages.author_type = 'ai_agent'

),

review_months as (

    select
        accuracy_month,
        intent,
        count(*) as ai_reviews,
        count(accuracy_score) as scored_ai_reviews,
        sum(accuracy_score) as accuracy_score_sum,
        sum(case when is_accuracy_ok then 1 else 0 end) as accuracy_ok_reviews
    from ai_reviews
    group by 1, 2

),

feedback_months as (

    select
        accuracy_month,
        intent,
        count(*) as feedbacks,
        sum(case when is_helpful then 1 else 0 end) as helpful_feedbacks
    from ai_feedback
    group by 1, 2

),

month_intents as (

    select
        accuracy_month,
        intent
    from review_months
    union
    select
        accuracy_month,
        intent
    from feedback_months

),

rated as (

    select
        month_intents.accuracy_month,
        month_intents.intent,
        coalesce(review_months.ai_reviews, 0) as ai_reviews,
        coalesce(review_months.scored_ai_reviews, 0) as scored_ai_reviews,
        coalesce(review_months.accuracy_ok_reviews, 0) as accuracy_ok_reviews,
        cast(review_months.accuracy_score_sum as {{ supportmetrics.type_double() }})
        / nullif(review_months.scored_ai_reviews, 0) as mean_accuracy_score,
        cast(review_months.accuracy_ok_reviews as {{ supportmetrics.type_double() }})
        / nullif(review_months.scored_ai_reviews, 0) as accuracy_ok_rate,
        coalesce(feedback_months.feedbacks, 0) as feedbacks,
        coalesce(feedback_months.helpful_feedbacks, 0) as helpful_feedbacks,
        cast(feedback_months.helpful_feedbacks as {{ supportmetrics.type_double() }})
        / nullif(feedback_months.feedbacks, 0) as helpful_rate
    from month_intents
    left join review_months
        on month_intents.accuracy_month = review_months.accuracy_month
            and month_intents.intent = review_months.intent
    left join feedback_months
        on month_intents.accuracy_month = feedback_months.accuracy_month
            and month_intents.intent = feedback_months.intent

),

final as (

    select
        rated.accuracy_month,
        rated.intent,
        rated.ai_reviews,
        rated.scored_ai_reviews,
        rated.accuracy_ok_reviews,
        rated.mean_accuracy_score,
        rated.accuracy_ok_rate,
        rated.feedbacks,
        rated.helpful_feedbacks,
        rated.helpful_rate,
        previous.mean_accuracy_score as previous_mean_accuracy_score,
        previous.accuracy_ok_rate as previous_accuracy_ok_rate,
        previous.helpful_rate as previous_helpful_rate,
        rated.mean_accuracy_score - previous.mean_accuracy_score as mean_accuracy_score_change,
        rated.accuracy_ok_rate - previous.accuracy_ok_rate as accuracy_ok_rate_change,
        rated.helpful_rate - previous.helpful_rate as helpful_rate_change
    from rated
    left join rated as previous
        on rated.intent = previous.intent
            and previous.accuracy_month = cast({{ dbt.dateadd('month', -1, 'rated.accuracy_month') }} as date)

)

select * from final

with

qa_reviews as (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

final as (

    select
        review_id,
        conversation_id,
        reviewed_at,
        labelled_intent,
        escalation_assessment,
        accuracy_score,
        completeness_score,
        tone_score,
        has_critical_error,
        -- null when the review gave no accuracy score
        accuracy_score >= {{ var('qa_accuracy_ok_min_score') }} as is_accuracy_ok,
        -- a conversation reviewed more than once is judged by its latest review
        row_number() over (
            partition by conversation_id order by reviewed_at desc, review_id desc
        ) = 1 as is_latest_review
    from qa_reviews

)

select * from final

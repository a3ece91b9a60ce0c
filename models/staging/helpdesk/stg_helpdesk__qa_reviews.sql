with

base as (

    select * from {{ ref('base_helpdesk__qa_reviews') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        review_id,
        conversation_id,
        reviewer_id,

        -- strings
        lower(labelled_intent) as labelled_intent,
        escalation_assessment,

        -- numerics
        accuracy_score,
        completeness_score,
        tone_score,

        -- booleans
        coalesce(critical_error, false) as has_critical_error,

        -- timestamps
        reviewed_at

    from base

)

select * from final

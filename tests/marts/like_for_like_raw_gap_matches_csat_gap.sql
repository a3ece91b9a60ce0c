-- The raw side of fct_csat_gap_like_for_like is the whole-stream gap of fct_csat_gap: month by
-- month (overall rows), the same AI-only and human-only responses, satisfied responses and gap
-- points. Returns one row per month that differs.

with

like_for_like as (

    select * from {{ ref('fct_csat_gap_like_for_like') }}
    where period_grain = 'month'

),

csat_gap as (

    select * from {{ ref('fct_csat_gap') }}
    where period_grain = 'month'
        and slice_dimension = 'overall'

),

final as (

    select
        like_for_like.period_start,
        like_for_like.ai_only_responses,
        csat_gap.ai_only_responses as csat_gap_ai_only_responses,
        like_for_like.raw_csat_gap_points,
        csat_gap.csat_gap_points
    from like_for_like
    left join csat_gap
        on like_for_like.period_start = csat_gap.period_start
    where csat_gap.period_start is null
        or like_for_like.ai_only_responses != csat_gap.ai_only_responses
        or like_for_like.ai_only_satisfied_responses != csat_gap.ai_only_satisfied_responses
        or like_for_like.human_only_responses != csat_gap.human_only_responses
        or like_for_like.human_only_satisfied_responses != csat_gap.human_only_satisfied_responses
        or abs(coalesce(like_for_like.raw_csat_gap_points, 0) - coalesce(csat_gap.csat_gap_points, 0)) > 1e-9
        or (like_for_like.raw_csat_gap_points is null) != (csat_gap.csat_gap_points is null)

)

select * from final

{#- The assessed stage re-derived from fct_stage_criteria_checks: every stage criterion up to
    the assessed stage holds, and below the top stage some criterion of the next stage fails.
    Returns the assessments that break the cumulative rule. -#}

with

assessment as (

    select * from {{ ref('fct_stage_assessment') }}

),

checks as (

    select * from {{ ref('fct_stage_criteria_checks') }}
    where check_type = 'stage_criterion'

),

judged as (

    select
        assessment.period_type,
        assessment.period_start,
        assessment.slice_dimension,
        assessment.slice_value,
        assessment.assessed_stage,
        assessment.next_stage,
        sum(case when checks.stage <= assessment.assessed_stage and not checks.is_passed then 1 else 0 end)
            as failing_held_criteria,
        sum(case when checks.stage = assessment.next_stage and not checks.is_passed then 1 else 0 end)
            as failing_next_criteria
    from assessment
    inner join checks
        on assessment.period_type = checks.period_type
            and assessment.period_start = checks.period_start
            and assessment.slice_dimension = checks.slice_dimension
            and assessment.slice_value = checks.slice_value
    group by 1, 2, 3, 4, 5, 6

)

select *
from judged
where failing_held_criteria > 0
    or (next_stage is not null and failing_next_criteria = 0)

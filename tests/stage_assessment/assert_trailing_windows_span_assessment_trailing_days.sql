{#- Trailing windows are var assessment_trailing_days long and the latest one ends on the
    data's last day. -#}

select *
from {{ ref('dim_stage_assessment_periods') }}
where period_type = 'trailing'
    and (
        period_days != {{ var('assessment_trailing_days') }}
        or (trailing_offset = 0 and period_end != {{ dbt.dateadd('day', 1, 'last_data_date') }})
    )

{#- Covered categories are autonomous categories, and autonomous categories belong to the AI
    scope taxonomy: categories_covered <= autonomous_categories <= scope_categories. -#}

select
    period_type,
    period_start,
    slice_dimension,
    slice_value,
    categories_covered,
    autonomous_categories,
    scope_categories
from {{ ref('fct_stage_assessment') }}
where categories_covered > autonomous_categories
    or autonomous_categories > scope_categories

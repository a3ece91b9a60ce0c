{#- The two data-quality marts agree: per table, fct_quarantined_rows lists exactly the
    quarantined rows and malformed lines that rpt_raw_reconciliation counts. -#}
with

reconciliation as (

    select * from {{ ref('rpt_raw_reconciliation') }}

),

quarantine as (

    select * from {{ ref('fct_quarantined_rows') }}

),

listed as (

    select
        table_name,
        count(case when rejection_rule != 'malformed_line' then 1 end) as quarantined_rows,
        count(case when rejection_rule = 'malformed_line' then 1 end) as malformed_lines
    from quarantine
    group by 1

)

select
    reconciliation.table_name,
    reconciliation.quarantined_rows,
    reconciliation.malformed_lines,
    coalesce(listed.quarantined_rows, 0) as listed_quarantined_rows,
    coalesce(listed.malformed_lines, 0) as listed_malformed_lines
from reconciliation
left join listed
    on reconciliation.table_name = listed.table_name
where reconciliation.quarantined_rows != coalesce(listed.quarantined_rows, 0)
    or reconciliation.malformed_lines != coalesce(listed.malformed_lines, 0)

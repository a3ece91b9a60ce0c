{#- Nothing lost, nothing counted twice: every raw row of every table is staged, quarantined,
    an exact duplicate or a superseded version, and the stg_ model holds exactly the rows
    classified current. Returns the tables that do not reconcile. -#}
select *
from {{ ref('rpt_raw_reconciliation') }}
where not reconciles
    or not staged_equals_current

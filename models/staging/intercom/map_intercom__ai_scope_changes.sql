with

final as (

    {{ supportmetrics.empty_raw_table('ai_scope_changes') }}

)

select * from final

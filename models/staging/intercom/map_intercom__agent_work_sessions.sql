with

final as (

    {{ supportmetrics.empty_raw_table('agent_work_sessions') }}

)

select * from final

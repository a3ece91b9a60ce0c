with

final as (

    {{ supportmetrics.empty_raw_table('support_costs') }}

)

select * from final

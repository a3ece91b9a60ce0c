with

final as (

    {{ supportmetrics.empty_raw_table('cs_interventions') }}

)

select * from final

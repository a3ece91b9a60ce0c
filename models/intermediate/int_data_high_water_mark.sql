with

final as (

    {{ supportmetrics.data_high_water_mark('staging') }}

)

select * from final

with

final as (

    {{ supportmetrics.empty_raw_table('message_feedback') }}

)

select * from final

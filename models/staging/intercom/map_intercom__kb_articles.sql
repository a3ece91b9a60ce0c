with

final as (

    {{ supportmetrics.empty_raw_table('kb_articles') }}

)

select * from final

with

final as (

    {{ supportmetrics.empty_raw_table('qa_reviews') }}

)

select * from final

with

unclassified as (

    {{ supportmetrics.helpdesk_unclassified_authors() }}

),

final as (

    select
        '{{ supportmetrics.helpdesk_source_shape() }}' as helpdesk_source,
        cast(subject_type as {{ dbt.type_string() }}) as record_type,
        cast(subject_id as {{ dbt.type_string() }}) as record_id,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        cast(comments as {{ dbt.type_bigint() }}) as comments,
        cast(first_comment_at as {{ dbt.type_timestamp() }}) as first_comment_at
    from unclassified

)

select * from final

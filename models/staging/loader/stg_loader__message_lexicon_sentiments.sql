
with

source as (

    select * from {{ source('loader', 'message_lexicon_sentiment') }}

),

final as (

    select
        cast(message_id as {{ dbt.type_string() }}) as message_id,
        cast(lexicon_sentiment_score as {{ supportmetrics.type_double() }}) as lexicon_sentiment_score
    from source

)

select * from final


with

source as (

    -- absent when no `supportmetrics load` wrote it (a connector's Zendesk schema on PostgreSQL):
    -- no lexicon scores then, and the sentiment metrics report them missing
    {{ supportmetrics.optional_relation(source('loader', 'message_lexicon_sentiment'), [
        ('message_id', dbt.type_string()),
        ('lexicon_sentiment_score', supportmetrics.type_double()),
    ]) }}

),

final as (

    select
        cast(message_id as {{ dbt.type_string() }}) as message_id,
        cast(lexicon_sentiment_score as {{ supportmetrics.type_double() }}) as lexicon_sentiment_score
    from source

)

select * from final

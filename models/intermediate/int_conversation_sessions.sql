{{ config(**incremental_conversation_config()) }}

with

messages as (

    select * from {{ ref('int_messages_sequenced') }}
    where {{ in_incremental_scope() }}

),

gaps as (

    select
        messages.*,
        lag(created_at) over (partition by conversation_id order by message_sequence) as previous_message_at
    from messages

),

flagged as (

    select
        gaps.*,
        case
            when previous_message_at is null then 1
            when {{ dbt.datediff('previous_message_at', 'created_at', 'second') }}
                > {{ var('session_gap_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from gaps

),

numbered as (

    select
        flagged.*,
        sum(is_session_start) over (
            partition by conversation_id order by message_sequence
            rows between unbounded preceding and current row
        ) as session_number
    from flagged

),

last_speaker as (

    select
        conversation_id,
        session_number,
        author_type as last_author_type
    from (
        select
            conversation_id,
            session_number,
            author_type,
            row_number() over (
                partition by conversation_id, session_number order by message_sequence desc
            ) as reverse_rank
        from numbered
    ) as ranked
    where reverse_rank = 1

),

sessions as (

    select
        conversation_id,
        session_number,
        min(created_at) as session_started_at,
        max(created_at) as session_ended_at,
        count(*) as message_count,
        sum(case when author_type = 'customer' then 1 else 0 end) as customer_message_count,
        sum(case when author_type = 'ai_agent' then 1 else 0 end) as ai_message_count,
        sum(case when author_type = 'human_agent' then 1 else 0 end) as human_message_count
    from numbered
    group by 1, 2

),

final as (

    select
        {{ dbt.concat([
            "sessions.conversation_id",
            "'-'",
            dbt.safe_cast("sessions.session_number", dbt.type_string()),
        ]) }} as session_id,
        sessions.*,
        {{ dbt.datediff('sessions.session_started_at', 'sessions.session_ended_at', 'second') }} as active_seconds,
        last_speaker.last_author_type
    from sessions
    inner join last_speaker
        on sessions.conversation_id = last_speaker.conversation_id
            and sessions.session_number = last_speaker.session_number

)

select * from final

{%- set event_tables = [
    ('stg_helpdesk__conversations', 'created_at'),
    ('stg_helpdesk__conversations', 'updated_at'),
    ('stg_helpdesk__messages', 'created_at'),
    ('stg_helpdesk__ticket_events', 'created_at'),
    ('stg_helpdesk__handoffs', 'created_at'),
    ('stg_helpdesk__ai_events', 'created_at'),
    ('stg_helpdesk__csat_responses', 'responded_at'),
    ('stg_helpdesk__message_feedback', 'created_at'),
] -%}

with

{% for model_name in event_tables | map(attribute=0) | unique %}
    {{ model_name | replace('stg_helpdesk__', '') }} as (

        select * from {{ ref(model_name) }}

    ),

{% endfor %}
observations as (

    {% for model_name, column in event_tables %}
        select max({{ column }}) as observed_at from {{ model_name | replace('stg_helpdesk__', '') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select max(observed_at) as high_water_mark_at
    from observations

)

select * from final

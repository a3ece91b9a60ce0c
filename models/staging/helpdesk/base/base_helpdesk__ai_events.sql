{{ config(materialized='table') }}

{{ validated_source('ai_events', parents={'conversations': ref('base_helpdesk__conversations')}) }}

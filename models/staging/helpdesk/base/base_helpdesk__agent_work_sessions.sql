{{ config(materialized='table') }}

{{ validated_source('agent_work_sessions', parents={'conversations': ref('base_helpdesk__conversations')}) }}

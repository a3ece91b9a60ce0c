{{ config(materialized='table') }}

{{ validated_source('ticket_events', parents={'conversations': ref('base_helpdesk__conversations')}) }}

{{ config(materialized='table') }}

{{ validated_source('messages', parents={'conversations': ref('base_helpdesk__conversations')}) }}

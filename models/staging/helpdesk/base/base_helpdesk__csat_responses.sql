{{ config(materialized='table') }}

{{ validated_source('csat_responses', parents={'conversations': ref('base_helpdesk__conversations')}) }}

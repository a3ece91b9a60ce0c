{{ config(materialized='table') }}

{{ validated_source('handoffs', parents={'conversations': ref('base_helpdesk__conversations')}) }}

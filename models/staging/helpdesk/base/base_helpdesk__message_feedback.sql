{{ config(materialized='table') }}

{{ validated_source('message_feedback', parents={'messages': ref('base_helpdesk__messages')}) }}

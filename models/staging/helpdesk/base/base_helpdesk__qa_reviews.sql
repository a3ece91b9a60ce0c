{{ config(materialized='table') }}

{{ validated_source('qa_reviews', parents={'conversations': ref('base_helpdesk__conversations')}) }}

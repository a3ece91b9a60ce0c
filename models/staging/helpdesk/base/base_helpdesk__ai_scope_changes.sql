{{ config(materialized='table') }}

{{ validated_source('ai_scope_changes') }}

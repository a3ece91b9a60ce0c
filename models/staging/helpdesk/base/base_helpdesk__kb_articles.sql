{{ config(materialized='table') }}

{{ validated_source('kb_articles') }}

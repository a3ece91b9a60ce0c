{{ config(materialized='table') }}

{{ validated_source('support_costs') }}

{{ config(materialized='table') }}

{{ validated_source('accounts') }}

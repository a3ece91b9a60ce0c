{{ config(materialized='table') }}

{{ validated_source('customers') }}

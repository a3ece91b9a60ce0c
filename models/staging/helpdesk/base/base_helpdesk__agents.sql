{{ config(materialized='table') }}

{{ validated_source('agents') }}

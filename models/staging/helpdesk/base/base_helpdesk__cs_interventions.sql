{{ config(materialized='table') }}

{{ validated_source('cs_interventions') }}

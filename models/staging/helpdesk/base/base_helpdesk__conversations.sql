{{ config(materialized='table') }}

{{ validated_source('conversations') }}

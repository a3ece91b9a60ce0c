{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('agents') }}

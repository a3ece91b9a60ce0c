{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('cs_interventions') }}

{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('kb_articles') }}

{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('ai_scope_changes') }}

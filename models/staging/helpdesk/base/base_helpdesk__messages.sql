{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('messages', parents={'conversations': ref('base_helpdesk__conversations')}) }}

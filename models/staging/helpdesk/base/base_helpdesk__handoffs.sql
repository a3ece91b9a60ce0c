{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('handoffs', parents={'conversations': ref('base_helpdesk__conversations')}) }}

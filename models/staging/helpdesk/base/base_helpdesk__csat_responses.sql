{{ config(**supportmetrics.base_model_config()) }}

{{ validated_source('csat_responses', parents={'conversations': ref('base_helpdesk__conversations')}) }}
